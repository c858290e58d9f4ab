"""The fake Bot API checked against the real aiogram client and dispatcher."""

from __future__ import annotations

import asyncio
import html
import struct
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.fakebotapi import FakeBotAPI, HtmlParseError, html_to_plain

TOKEN = "123456:TEST-token"


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid PNG, so the stored photo has real dimensions."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def client(api: FakeBotAPI, token: str = TOKEN) -> Bot:
    """A Bot wired exactly as production code would wire a custom Bot API server."""
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI(TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    # api.bot() is the same AiohttpSession minus aiogram's 250 ms TLS grace period on close.
    telegram = api.bot()
    yield telegram
    await telegram.session.close()


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "bashgah_bot")


async def test_bale_changes_only_get_me() -> None:
    async with FakeBotAPI(TOKEN, platform="bale", username="club_bot") as api:
        bale = client(api)
        me = await bale.get_me()
        await bale.session.close()
    assert me.username == "club_bot"
    assert me.can_join_groups is None


async def test_send_message_is_recorded(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001, "Alice")
    await alice.send("hi", wait=False)
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Share", request_contact=True)]])
    sent = await bot.send_message(alice.id, "Hello <b>Alice</b>", parse_mode="HTML", reply_markup=keyboard)
    assert isinstance(sent, Message)
    assert sent.chat.id == 1001 and sent.from_user is not None and sent.from_user.id == 123456
    assert sent.text == "Hello Alice" and sent.reply_markup is None
    assert alice.last.raw == "Hello <b>Alice</b>" and alice.texts() == ["Hello Alice"]
    assert alice.reply_keyboard == [{"text": "Share", "request_contact": True}]
    assert [call.method for call in api.calls] == ["sendMessage"]
    assert api.calls[0].params["text"] == "Hello <b>Alice</b>"
    with pytest.raises(ValueError, match="send_contact"):
        await alice.press_reply("Share")


async def test_send_errors(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hi")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(alice.id, "x" * 4097)
    await bot.send_message(alice.id, "x" * 4096)
    long_data = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="d" * 65)]])
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "hi", reply_markup=long_data)


async def test_html_validation(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    with pytest.raises(TelegramBadRequest, match=r"can't parse entities: Unsupported start tag \"x\""):
        await bot.send_message(alice.id, "<x>hi</x>", parse_mode="HTML")
    user_text = '<b>Tom & Jerry</b> "quoted" 5 < 6'
    await bot.send_message(alice.id, f"<i>{html.escape(user_text)}</i>", parse_mode="HTML")
    assert alice.last.text == user_text
    await bot.send_message(alice.id, "<b>not parsed</b> & fine")
    assert alice.last.text == "<b>not parsed</b> & fine"


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("AT&T", 'Unescaped "&" at byte offset 2'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0'),
        ("سلام <br>", 'Unsupported start tag "br" at byte offset 9'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<a href='x'", "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_errors(markup: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as raised:
        html_to_plain(markup)
    assert error in str(raised.value)


def test_html_rendering() -> None:
    markup = (
        '<a href="https://x.y/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> '
        '<pre><code class="language-py">&lt;&#33;&#x21;&gt;</code></pre> <blockquote expandable>q</blockquote>'
    )
    assert html_to_plain(markup) == "link s t <!!> q"


async def test_photo_upload_and_download(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    png = tiny_png()
    sent = await bot.send_photo(
        alice.id, BufferedInputFile(png, "qr.png"), caption="<b>Your card</b>", parse_mode="HTML"
    )
    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (3, 2)
    assert sent.caption == "Your card" and alice.last.file is not None
    file = await bot.get_file(sent.photo[-1].file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == png
    again = await bot.send_photo(alice.id, sent.photo[-1].file_id)
    assert again.photo is not None and again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Document"):
        await bot.send_document(alice.id, sent.photo[-1].file_id)


async def test_user_messages_arrive_through_long_polling(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001, "Alice", username="alice")
    assert await bot.get_updates(timeout=0) == []
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for_poll()
    await alice.send("/start ref_abc", wait=False)
    (update,) = await asyncio.wait_for(poll, 5)
    assert update.message is not None and update.message.text == "/start ref_abc"
    assert update.message.entities is not None and update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")
    assert update.message.from_user is not None and update.message.from_user.username == "alice"
    await alice.send_contact("+989121234567", wait=False)
    await alice.send_document(b"%PDF", "receipt.pdf", wait=False)
    first, second = await bot.get_updates(offset=update.update_id, limit=2, timeout=0)
    assert first.update_id == update.update_id
    assert second.message is not None and second.message.contact is not None
    assert second.message.contact.user_id == 1001
    (third,) = await bot.get_updates(offset=second.update_id + 1, timeout=0)
    assert third.message is not None and third.message.document is not None
    downloaded = await bot.download(third.message.document.file_id)
    assert downloaded is not None and downloaded.read() == b"%PDF"
    assert await bot.get_updates(offset=third.update_id + 1, timeout=0) == []
    await api.settle(timeout=1)


async def test_unknown_method_and_wrong_token(api: FakeBotAPI, bot: Bot) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api.base_url}/bot{TOKEN}/noSuchMethod", data={"a": "1"}) as response,
    ):
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    with pytest.raises(TelegramNotFound):
        await bot.send_dice(1001)
    async with aiohttp.ClientSession() as http, http.get(f"{api.base_url}/bot{TOKEN}/GETME") as response:
        assert (await response.json())["result"]["username"] == "bashgah_bot"
    stranger = client(api, "654321:wrong")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()


async def test_callback_press_and_answer(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Confirm", callback_data="ok:1")]])
    sent = await bot.send_message(alice.id, "Sure?", reply_markup=keyboard)
    assert sent.reply_markup is not None and sent.reply_markup.inline_keyboard[0][0].callback_data == "ok:1"
    await bot.send_message(alice.id, "no buttons here")
    assert await alice.press("Confirm", wait=False) is None
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert isinstance(query, CallbackQuery) and query.data == "ok:1"
    assert isinstance(query.message, Message) and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Done", show_alert=True)
    assert (alice.callback_answers[-1].text, alice.callback_answers[-1].show_alert) == ("Done", True)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(LookupError):
        await alice.press("Cancel", wait=False)


async def test_edits_apply_in_place(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]])
    sent = await bot.send_message(alice.id, "one", reply_markup=keyboard)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="one", chat_id=alice.id, message_id=sent.message_id, reply_markup=keyboard)
    edited = await bot.edit_message_text(text="two", chat_id=alice.id, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.text == "two" and edited.edit_date is not None
    assert alice.last.text == "two" and alice.last.buttons == []
    assert [snapshot.text for snapshot in alice.last.history] == ["one"]
    assert await bot.delete_message(alice.id, sent.message_id)
    assert alice.messages == [] and alice.chat.messages[0].deleted
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="three", chat_id=alice.id, message_id=sent.message_id)


async def test_commands_per_scope_and_language(api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    scope = BotCommandScopeChat(chat_id=1001)
    await bot.set_my_commands([BotCommand(command="card", description="کارت")], scope=scope, language_code="fa")
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=scope, language_code="fa")] == ["card"]
    assert await bot.get_my_commands(scope=scope) == []
    assert api.commands({"type": "chat", "chat_id": 1001}, "fa")[0]["description"] == "کارت"
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == []


async def test_fail_next_and_blocked_user(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    api.fail_next("sendmessage", retry_after=3)
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(alice.id, "hi")
    assert raised.value.retry_after == 3
    await bot.send_message(alice.id, "hi")
    await alice.block(wait=False)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hi again")
    await alice.unblock(wait=False)
    await bot.send_message(alice.id, "welcome back")
    assert alice.texts() == ["hi", "welcome back"]


async def test_settle_without_a_poller_times_out(api: FakeBotAPI) -> None:
    await api.user(1001).send("anyone?", wait=False)
    with pytest.raises(TimeoutError, match=r"updates \[1\]"):
        await api.settle(timeout=0.05)


async def test_settle_with_real_dispatcher_polling(api: FakeBotAPI, bot: Bot) -> None:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await asyncio.sleep(0.01)  # a slow handler must still finish before settle() returns
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Again", callback_data="again")]])
        await message.answer(html.escape(message.text or ""), parse_mode="HTML", reply_markup=keyboard)

    @router.callback_query(F.data == "again")
    async def again(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("pressed")
        await query.answer("ok")

    dp = Dispatcher()
    dp.include_router(router)
    polling = asyncio.create_task(dp.start_polling(bot, handle_as_tasks=False, handle_signals=False, polling_timeout=1))
    alice, bob = api.user(1001, "Alice"), api.user(1002, "Bob")
    replies = await alice.send("<hi> & bye")
    assert [reply.text for reply in replies] == ["<hi> & bye"]
    await bob.send("one", wait=False)
    await bob.send("two", wait=False)
    await api.settle()
    assert bob.texts() == ["one", "two"]
    answer = await alice.press("Again")
    assert answer is not None and answer.text == "ok"
    assert alice.last.text == "pressed"
    await alice.block()
    await dp.stop_polling()
    await polling


async def test_copy_forward_and_json_requests(api: FakeBotAPI, bot: Bot) -> None:
    alice, admin = api.user(1001, "Alice"), api.user(1, "Admin")
    await alice.send_photo(tiny_png(), caption="receipt", wait=False)
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.photo is not None
    forwarded = await bot.forward_message(admin.id, alice.id, update.message.message_id)
    assert forwarded.forward_origin is not None and forwarded.caption == "receipt"
    copied = await bot.copy_message(
        admin.id, alice.id, update.message.message_id, caption="<b>new</b>", parse_mode="HTML"
    )
    assert admin.last.message_id == copied.message_id and admin.last.text == "new" and admin.last.kind == "photo"
    markup = {"inline_keyboard": [[{"text": "Open", "url": "https://example.com"}]]}
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{api.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": 1, "text": "hi", "reply_markup": markup}
        ) as response,
    ):
        body = await response.json()
    assert body["ok"] and body["result"]["reply_markup"] == markup
    with pytest.raises(ValueError, match="not a callback button"):
        await admin.press("Open", wait=False)
    assert admin.last.buttons == ["Open"]


async def test_allowed_updates_webhook_and_conflicts(api: FakeBotAPI, bot: Bot) -> None:
    alice = api.user(1001)
    assert await bot.get_updates(timeout=0, allowed_updates=["message"]) == []
    await alice.block(wait=False)
    await alice.unblock(wait=False)
    await api.settle(timeout=1)  # my_chat_member is not wanted, so nothing is pending
    assert len(api.state.updates.dropped) == 2
    await bot.set_webhook("https://example.com/hook")
    assert (await bot.get_webhook_info()).url == "https://example.com/hook"
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    await alice.send("queued", wait=False)
    await bot.delete_webhook(drop_pending_updates=True)
    await api.settle(timeout=1)
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for_poll()
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first
    assert await second == []


async def test_unknown_methods_answer_like_telegram_in_every_encoding(api: FakeBotAPI, bot: Bot) -> None:
    """A method the fake does not implement fails loudly (404, ok: false, a description) and shows in the call log."""
    expected = {"ok": False, "error_code": 404, "description": "Not Found"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api.base_url}/bot{TOKEN}/sendPaidMedia", json={"chat_id": 1001}) as response:
            assert (response.status, await response.json()) == (404, expected)
        async with http.get(f"{api.base_url}/bot{TOKEN}/getStarTransactions?offset=0") as response:
            assert (response.status, await response.json()) == (404, expected)
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot.get_star_transactions()
    failed = [(call.method, call.error.status if call.error else None) for call in api.calls]
    assert failed == [("sendPaidMedia", 404), ("getStarTransactions", 404), ("getStarTransactions", 404)]
