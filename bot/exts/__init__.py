"""Extensions, one feature per module, each with `async def setup(bot)`."""

EXTENSIONS: tuple[str, ...] = (
    "bot.exts.story.status",
    "bot.exts.story.quotes",
    "bot.exts.story.timeline",
    "bot.exts.story.who",
    "bot.exts.story.sources",
    "bot.exts.story.ask",
    "bot.exts.story.help",
    "bot.exts.admin.reload",
    "bot.exts.admin.sources",
    "bot.exts.digest.commands",
    "bot.exts.feeds.commands",
    "bot.exts.updates.commands",
    "bot.exts.ops.monitor",
    "bot.exts.ops.about",
)
