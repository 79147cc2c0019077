# The bot in a slim image, run as an unprivileged user.
# Seeds, summaries and the bot's own data (SQLite, command-sync state, removed sources) are volumes.
#   docker build -t diplomacy-bot .
#   docker run --rm -it diplomacy-bot console            # offline, on the bundled seeds
#   docker run -d -e DISCORD_TOKEN=… -v ./seeds:/app/seeds -v ./summaries:/app/summaries \
#              -v bot-data:/app/data diplomacy-bot       # on Discord
# compose.yaml runs it with PostgreSQL.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY bot ./bot
# Every dependency is pinned and ships as a wheel: no compiler in the image.
RUN python -m venv /opt/bot \
    && /opt/bot/bin/pip install --no-cache-dir --quiet --disable-pip-version-check \
       -c constraints.txt '.[postgres,fetch]'

FROM python:3.11-slim-bookworm
# matplotlib (/timeline's picture) keeps its font cache in a writable folder, not the read-only home.
ENV PATH=/opt/bot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin bot
COPY --from=build /opt/bot /opt/bot
WORKDIR /app
COPY --chown=bot:bot seeds ./seeds
COPY --chown=bot:bot summaries ./summaries
RUN install -d -o bot -g bot /app/data
USER bot
VOLUME ["/app/seeds", "/app/summaries", "/app/data"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
