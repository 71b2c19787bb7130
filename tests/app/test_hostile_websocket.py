"""The caps hold over the websocket, where no proxy's URL limit applies: a real server gets a
rerun whose query string carries 20,000 bad parts (100 kB) on each list parameter, as an
attacker's script would send it, and draws a few notices and the page, no error."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.attack import attack_queries
from benchmarks.load import run_coroutine, start_server
from benchmarks.stclient import REPO, Session
from trygghet.core.url_limits import MAX_NAMED

pytestmark = pytest.mark.load


async def _alerts(url: str, page: str, query: str) -> tuple[list[tuple[int, str]], bool]:
    """(format, body) of every alert of one run, and whether the run finished cleanly."""
    session = Session(url)
    await session.open()
    assert session.ws is not None
    back = BackMsg()
    back.rerun_script.query_string = query
    back.rerun_script.page_name = page
    back.rerun_script.page_script_hash = ""
    alerts: list[tuple[int, str]] = []
    try:
        await session.ws.send(back.SerializeToString())
        async with asyncio.timeout(120):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await session.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element
                    if element.WhichOneof("type") == "exception":
                        return alerts, False
                    if element.WhichOneof("type") == "alert":
                        alerts.append((element.alert.format, element.alert.body))
                if kind == "script_finished":
                    if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    return alerts, msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    finally:
        await session.close()


def test_a_huge_query_over_the_websocket_draws_a_few_notices(built_db: Path, tmp_path: Path):
    db = tmp_path / "trygghet.duckdb"
    shutil.copyfile(built_db, db)
    server = start_server(REPO, db, log_dir=tmp_path)
    try:
        for page, query in attack_queries():
            assert len(query) > 100_000
            alerts, clean = run_coroutine(_alerts(server.url, page, query))
            assert clean, (page, alerts)
            assert not [a for a in alerts if a[0] == Alert.ERROR], alerts
            param = query.rsplit("&", 1)[-1].split("=")[0]
            own = [body for _, body in alerts if f"{param}=" in body]
            assert 1 <= len(own) <= MAX_NAMED + 1, (page, own)
            assert sum(len(body) for _, body in alerts) < 5_000
    finally:
        server.stop()
