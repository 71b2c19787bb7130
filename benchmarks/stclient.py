"""A minimal Streamlit client: one websocket session that asks for page runs like a browser tab.

It speaks the protocol the frontend speaks on /_stcore/stream: a BackMsg `rerun_script` with
the query string and the page's URL name, then ForwardMsgs until `script_finished`. Only
loopback addresses are allowed: this is for load tests on this machine, never anyone else's.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
import time
import tomllib
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[1]
RUN_TIMEOUT_S = 60.0


def dashboard_pages(repo: Path = REPO) -> list[str]:
    """The URL names of the pages in dashboard.py ('' for the default page), in menu order.

    Streamlit names a page by its file's stem; the default page answers on the bare URL. The
    list is catalogues/pages.toml where the tree has it; an older tree's dashboard.py otherwise.
    """
    catalogue = repo / "catalogues" / "pages.toml"
    if catalogue.is_file():
        entries = tomllib.loads(catalogue.read_text(encoding="utf-8"))["page"]
        return ["" if e.get("default") else Path(e["file"]).stem for e in entries]
    text = (repo / "dashboard.py").read_text(encoding="utf-8")
    pages = []
    for match in re.finditer(r'st\.Page\("pages/(\w+)\.py"[^)]*\)', text):
        pages.append("" if "default=True" in match.group(0) else match.group(1))
    return pages


def require_loopback(url: str) -> None:
    """Refuse any URL whose host does not resolve to loopback only."""
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        raise ValueError(f"no host in {url!r}")
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise ValueError(f"{url} is not a loopback address: load tests stay on this machine")


@dataclass
class RunResult:
    """One page run as the client saw it: wall time from request to script_finished."""

    page: str
    query: str
    seconds: float
    error: str | None = None


def _problem(msg: ForwardMsg) -> str | None:
    """What makes this message a failed run, or None: an exception, an error box, a bad finish."""
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            return f"exception {element.exception.type}: {element.exception.message[:200]}"
        if which == "alert" and element.alert.format == Alert.ERROR:
            return f"error box: {element.alert.body[:200]}"
    if kind == "page_not_found":
        return "page not found"
    if kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
        return "script finished with a compile error"
    return None


class Session:
    """One browser-tab-like session: GET / for the proxy's cookie, then the websocket."""

    def __init__(self, base_url: str, cookie: str = "") -> None:
        require_loopback(base_url)
        self.base_url = base_url.rstrip("/")
        self.ws: websockets.ClientConnection | None = None
        self.cookie = cookie  # what a returning browser would send, e.g. a proxy's server cookie

    async def open(self) -> None:
        """Load the page shell (like a browser, so a sticky proxy sets its cookie), then connect."""
        self.cookie = await asyncio.to_thread(self._fetch_cookie)
        ws_url = re.sub(r"^http", "ws", self.base_url) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=[websockets.Subprotocol("streamlit")],
            additional_headers=headers,
            max_size=None,
            open_timeout=30,
            ping_interval=None,
            proxy=None,
        )

    def _fetch_cookie(self) -> str:
        jar = SimpleCookie(self.cookie)
        request = urllib.request.Request(self.base_url + "/")
        if self.cookie:
            request.add_header("Cookie", self.cookie)
        with urllib.request.urlopen(request, timeout=30) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
        return "; ".join(f"{k}={v.value}" for k, v in jar.items())

    def cookie_value(self, name: str) -> str | None:
        """One cookie of this session (e.g. which server a sticky proxy chose)."""
        morsel = SimpleCookie(self.cookie).get(name)
        return morsel.value if morsel else None

    async def run(self, page: str, query: str, timeout: float = RUN_TIMEOUT_S) -> RunResult:
        """Ask for one run of `page` with `query` and wait for it to finish."""
        if self.ws is None:
            raise RuntimeError("session not open")
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        back.rerun_script.page_script_hash = ""
        start = time.perf_counter()
        error: str | None = None
        try:
            await self.ws.send(back.SerializeToString())
            async with asyncio.timeout(timeout):
                while True:
                    data = await self.ws.recv()
                    msg = ForwardMsg()
                    msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
                    error = error or _problem(msg)
                    if msg.WhichOneof("type") == "script_finished":
                        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue
                        break
        except TimeoutError:
            error = f"no script_finished within {timeout:.0f} s"
        except websockets.ConnectionClosed as exc:
            error = f"connection closed: {exc}"
        return RunResult(page, query, time.perf_counter() - start, error)

    @property
    def closed(self) -> bool:
        return self.ws is None or self.ws.close_code is not None

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(websockets.ConnectionClosed):  # already gone: fine
                await self.ws.close()
