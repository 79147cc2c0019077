"""A loopback Discord for tests: the real bot, over real websockets and HTTP, held to
Discord's own API spec.

    server = LoopbackDiscord(); await server.start()
    async with running_bot(bot, server):
        reply = await server.driver.invoke("/ping", member=server.admin)
"""

from .client import RunningBot, point_discord_py_at, running_bot
from .driver import CommandNotAvailable, Driver, UnknownCommand
from .reply import MessageView, NoReply, Reply
from .server import LoopbackDiscord, ServerConfig

__all__ = [
    "CommandNotAvailable",
    "Driver",
    "LoopbackDiscord",
    "MessageView",
    "NoReply",
    "Reply",
    "RunningBot",
    "ServerConfig",
    "UnknownCommand",
    "point_discord_py_at",
    "running_bot",
]
