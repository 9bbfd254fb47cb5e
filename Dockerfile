# The app image for docker-compose: migrations, then several uvicorn workers (the app is stateless).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md alembic.ini ./
COPY core ./core
COPY foster_homes ./foster_homes
COPY placements ./placements
COPY schooling ./schooling
COPY matching ./matching
COPY web ./web
COPY migrations ./migrations
# Editable install keeps migrations/ beside the packages, where `placera db upgrade` finds it.
RUN pip install --no-cache-dir -e .

RUN useradd --system --home /app placera
USER placera
EXPOSE 8000

CMD ["sh", "-c", "placera db upgrade && placera serve --host 0.0.0.0 --port 8000 --workers ${PLACERA_WORKERS:-4}"]
