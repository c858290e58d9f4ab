"""A local fake of the Telegram Bot API, for tests and for the sandbox chat.

`FakeBotAPI` serves one bot over HTTP with Telegram's URL scheme (`{base}/bot{token}/{method}`, files at
`{base}/file/bot{token}/{file_path}`) and Telegram's error replies, so the real aiogram client and
dispatcher run against it unchanged::

    api = FakeBotAPI("123:abc")
    await api.start()
    bot = Bot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
    alice = api.user(1001, "Alice")
    await alice.send("/start")          # returns once the bot has handled it
    assert "welcome" in alice.last.text

Waiting contract (tests never sleep):

* Users' actions queue updates. An update counts as *confirmed* when the bot calls getUpdates with an
  offset greater than its update_id, exactly as Telegram defines it.
* `await api.settle(timeout)` returns once every update queued before the call is confirmed, and raises
  TimeoutError naming the stuck updates otherwise.
* aiogram asks for the next batch only after handling the previous one, so when polling runs with
  `handle_as_tasks=False` a confirmation means the handler has finished, including every Bot API call it
  made. With `handle_as_tasks=True` (aiogram's default) settle() proves nothing: do not use it that way.
* FakeUser's sending methods settle by default; pass `wait=False` to queue the update and return at once.
  A double tap is `await user.press(x, wait=False)` then `await user.press(x)`: both queries are queued
  before the bot has handled (and perhaps edited away) the first.
* `await api.wait_for_poll()` returns once the bot has a getUpdates long poll open (it is up and idle).
* Updates the bot's allowed_updates excludes are dropped (as Telegram does) and never block settle().
* Once the bot sets a webhook, updates are POSTed to it instead (`webhook.py`); a 2xx answer confirms an
  update, so settle() means the same thing in webhook mode when the bot handles updates inside the request.

`platform="bale"` imitates Bale where it differs: getMe without Telegram's capability flags, only message,
edited_message, callback_query and pre_checkout_query updates, setWebhook without secret_token (ports 443/88),
and no parse_mode: every text is read as Markdown and checked strictly (`markdown.py`).

What is recorded: every call (`api.calls`, method/params/time/result/error), per chat the bot's messages
(`BotMessage`, edits applied in place with `history`, deletions flagged), users' messages, and answered
callback queries. Faults: `api.fail_next(method, ...)` and `api.latency` / `api.method_latency`.
"""

from bot.fakebotapi.client import LocalSession
from bot.fakebotapi.errors import ApiError
from bot.fakebotapi.files import StoredFile
from bot.fakebotapi.html import HtmlParseError, html_to_plain, render
from bot.fakebotapi.records import ApiCall, CallbackAnswer, Snapshot
from bot.fakebotapi.server import FakeBotAPI
from bot.fakebotapi.state import BotMessage, BotState, Chat, Platform
from bot.fakebotapi.users import OWN_ID, FakeUser

__all__ = [
    "OWN_ID",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "BotState",
    "CallbackAnswer",
    "Chat",
    "FakeBotAPI",
    "FakeUser",
    "HtmlParseError",
    "LocalSession",
    "Platform",
    "Snapshot",
    "StoredFile",
    "html_to_plain",
    "render",
]
