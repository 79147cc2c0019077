async def test_ping(discord_server, minimal_bot):
    reply = await discord_server.driver.invoke("/ping", member=discord_server.admin)
    assert reply.content == "pong"
