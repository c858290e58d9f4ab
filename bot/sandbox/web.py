"""The sandbox chat page and its JSON endpoints, as an aiohttp sub-application over one `FakeBotAPI`.

Routes, relative to wherever the app is mounted (the page uses relative URLs, so any prefix works as long
as the page is opened with its trailing slash, e.g. `/sandbox/`):

    GET  /                            the page (static/index.html, app.js, style.css: no build step, no CDN)
    GET  api/personas                 who one can be, and the bot's name
    GET  api/chats/{key}?since=V      the chat; long-polls until something changed after version V
    POST api/chats/{key}/messages     {"text": …} as that persona
    POST api/chats/{key}/contact      share the persona's own phone (the contact-share button)
    POST api/chats/{key}/photo        multipart `photo` (+ `caption`)
    POST api/chats/{key}/press        {"message_id": …, "data": …}: an inline button
    GET  files/{file_id}              a photo or document from the fake server's file store

POSTs wait until the bot has handled the update (the bot polls with `handle_as_tasks=False`) and answer with
the chat as it is then, so a client needs no sleeps; they carry `lang` ("fa", "en"), which becomes the
persona's Telegram language, and need the header `X-Bashgah-Sandbox: 1` so another web site cannot post
into the sandbox from a visitor's browser (a custom header forces a CORS preflight, which is never granted).
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.fakebotapi import ApiCall, FakeBotAPI, FakeUser
from bot.fakebotapi.updates import Signal
from bot.sandbox.personas import PERSONAS, Persona
from bot.sandbox.view import chat_json

STATIC = Path(__file__).resolve().parent / "static"
_STATIC_TYPES = {"app.js": "text/javascript", "style.css": "text/css"}
_LANGUAGE = re.compile(r"[a-z]{2}")
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
TEXT_LIMIT = 4096
PHOTO_LIMIT = 10 * 1024 * 1024
LONG_POLL_SECONDS = 25.0


class SandboxPage:
    """Request handlers of the page over one fake server; `add_routes` puts them on any router."""

    def __init__(
        self,
        api: FakeBotAPI,
        personas: Sequence[Persona] = PERSONAS,
        *,
        titles: Mapping[str, str] | None = None,
        settle_seconds: float = 30.0,
    ) -> None:
        self.api = api
        self.personas = {persona.key: persona for persona in personas}
        self.titles = dict(titles or {})
        self.settle_seconds = settle_seconds
        self.version = 0
        self.closed = False
        self._signal = Signal()
        for persona in personas:
            # The chat exists from the start, as if each persona had opened the bot: staff menus can be set.
            api.user(persona.user_id, persona.first_name, persona.last_name, language_code=persona.language_code)
        api.listeners.append(self._on_call)

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Register the page's routes (relative to the router's app)."""
        router.add_get("/", self.index)
        router.add_get("/static/{name}", self.static)
        router.add_get("/api/personas", self.list_personas)
        router.add_get("/api/chats/{key}", self.read_chat)
        router.add_post("/api/chats/{key}/messages", self.send_message)
        router.add_post("/api/chats/{key}/contact", self.share_contact)
        router.add_post("/api/chats/{key}/photo", self.send_photo)
        router.add_post("/api/chats/{key}/press", self.press_button)
        router.add_get("/files/{file_id}", self.download)

    def close(self) -> None:
        """Release every waiting long poll (on shutdown)."""
        self.closed = True
        self._signal.notify()

    def _on_call(self, call: ApiCall) -> None:
        # Every call but the bot's own polling may change what a chat shows.
        if call.method != "getUpdates":
            self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._signal.notify()

    async def index(self, request: web.Request) -> web.StreamResponse:
        return _no_store(web.FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": _CSP}))

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in _STATIC_TYPES:
            raise web.HTTPNotFound()
        return _no_store(web.FileResponse(STATIC / name, headers={"Content-Type": _STATIC_TYPES[name]}))

    async def list_personas(self, request: web.Request) -> web.Response:
        state = self.api.state
        bot = {"name": state.first_name, "username": state.username, "titles": self.titles}
        return web.json_response({"bot": bot, "personas": [p.to_json() for p in self.personas.values()]})

    async def read_chat(self, request: web.Request) -> web.Response:
        persona, user = self._persona(request)
        language = self._language(request.query.get("lang"), user)
        since = _integer(request.query.get("since"), -1)
        wait = min(max(_number(request.query.get("wait"), LONG_POLL_SECONDS), 0.0), LONG_POLL_SECONDS)
        await self._signal.wait_until(lambda: self.version > since or self.closed, wait)
        return web.json_response(self._snapshot(persona, user, language))

    async def send_message(self, request: web.Request) -> web.Response:
        body = await _json(request)
        text = str(body.get("text") or "")
        if not text.strip() or len(text) > TEXT_LIMIT:
            raise _bad(f"text must have 1 to {TEXT_LIMIT} characters")
        return web.json_response(await self._act(request, body.get("lang"), lambda user: user.send(text, wait=False)))

    async def share_contact(self, request: web.Request) -> web.Response:
        body = await _json(request)
        persona, _ = self._persona(request)
        reply = await self._act(request, body.get("lang"), lambda user: user.send_contact(persona.phone, wait=False))
        return web.json_response(reply)

    async def send_photo(self, request: web.Request) -> web.Response:
        _check_origin(request)
        form = await request.post()
        photo = form.get("photo")
        if not isinstance(photo, web.FileField):
            raise _bad("photo must be a file")
        data = photo.file.read(PHOTO_LIMIT + 1)
        if not data or len(data) > PHOTO_LIMIT:
            raise _bad("photo must be 1 byte to 10 MB")
        caption = str(form.get("caption") or "") or None
        reply = await self._act(
            request, form.get("lang"), lambda user: user.send_photo(data, caption=caption, wait=False)
        )
        return web.json_response(reply)

    async def press_button(self, request: web.Request) -> web.Response:
        body = await _json(request)
        _, user = self._persona(request)
        message = user.chat.find(_integer(body.get("message_id"), 0))
        data = str(body.get("data") or "")
        if message is None or not data:
            raise _bad("message_id must name a message the bot sent, and data a button's callback_data", 409)
        before = len(user.callback_answers)
        try:
            reply = await self._act(request, body.get("lang"), lambda u: u.press(data, message, wait=False))
        except (LookupError, ValueError) as error:
            raise _bad(str(error), 409) from None
        answers = user.callback_answers[before:]
        reply["answer"] = {"text": answers[-1].text, "show_alert": answers[-1].show_alert} if answers else None
        return web.json_response(reply)

    async def download(self, request: web.Request) -> web.Response:
        stored = self.api.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        is_png = stored.data.startswith(b"\x89PNG\r\n\x1a\n")
        content_type = "image/png" if is_png else stored.mime_type or "application/octet-stream"
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"}
        if stored.kind != "photo":
            # Documents are never shown inline: an HTML file sent by a bot must not run on the page's origin.
            name = stored.filename or stored.file_path.rsplit("/", 1)[-1]
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return web.Response(body=stored.data, content_type=content_type, headers=headers)

    async def _act(
        self, request: web.Request, language: object, action: Callable[[FakeUser], Awaitable[object]]
    ) -> dict[str, Any]:
        _check_origin(request)
        persona, user = self._persona(request)
        shown_language = self._language(language, user)
        await action(user)
        self._changed()
        try:
            await self.api.settle(self.settle_seconds)
            settled = True
        except TimeoutError:
            settled = False
        return {**self._snapshot(persona, user, shown_language), "settled": settled}

    def _persona(self, request: web.Request) -> tuple[Persona, FakeUser]:
        persona = self.personas.get(request.match_info["key"])
        if persona is None:
            raise web.HTTPNotFound(text='{"error": "no such persona"}', content_type="application/json")
        return persona, self.api.user(persona.user_id)

    def _language(self, value: object, user: FakeUser) -> str:
        # The page's language is the persona's Telegram app language: staff and new users get it.
        if isinstance(value, str) and _LANGUAGE.fullmatch(value):
            user.user["language_code"] = value
        return str(user.user.get("language_code") or "")

    def _snapshot(self, persona: Persona, user: FakeUser, language: str) -> dict[str, Any]:
        counts = {key: len(self.api.user(p.user_id).messages) for key, p in self.personas.items()}
        chat = chat_json(self.api.state, user.chat, language)
        return {"version": self.version, "persona": persona.key, "chat": chat, "counts": counts}


def sandbox_app(
    api: FakeBotAPI, personas: Sequence[Persona] = PERSONAS, *, titles: Mapping[str, str] | None = None
) -> web.Application:
    """The page as an aiohttp application to run alone or mount with `app.add_subapp("/sandbox/", …)`."""
    page = SandboxPage(api, personas, titles=titles)
    app = web.Application(client_max_size=PHOTO_LIMIT + 64 * 1024)
    page.add_routes(app.router)

    async def release_long_polls(app: web.Application) -> None:
        page.close()

    app.on_shutdown.append(release_long_polls)
    return app


def _check_origin(request: web.Request) -> None:
    if request.headers.get("X-Bashgah-Sandbox") != "1":
        raise _bad("missing header X-Bashgah-Sandbox: 1", 403)


async def _json(request: web.Request) -> dict[str, Any]:
    _check_origin(request)
    try:
        body = await request.json()
    except ValueError:
        raise _bad("the body must be JSON") from None
    if not isinstance(body, dict):
        raise _bad("the body must be a JSON object")
    return body


def _bad(reason: str, status: int = 400) -> web.HTTPException:
    error = web.HTTPConflict if status == 409 else web.HTTPForbidden if status == 403 else web.HTTPBadRequest
    return error(text=web.json_response({"error": reason}).text, content_type="application/json")


def _integer(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _number(value: object, default: float) -> float:
    try:
        number = float(str(value))
    except ValueError:
        return default
    return number if math.isfinite(number) else default


def _no_store(response: web.FileResponse) -> web.FileResponse:
    response.headers["Cache-Control"] = "no-store"
    return response
