from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from web.api import health


async def test_health_reports_app_and_database(client):
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["database_version"].startswith(("17", "18"))


async def test_health_is_503_with_a_clear_body_when_the_database_is_down(client, monkeypatch, tmp_path):
    unreachable = create_async_engine(f"postgresql+asyncpg://postgres@/placera?host={tmp_path}")
    monkeypatch.setattr(health, "get_sessionmaker", lambda: async_sessionmaker(unreachable))
    response = await client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert "Databasen svarar inte" in response.json()["detail"]
    await unreachable.dispose()


async def test_openapi_describes_the_register_to_signed_in_users_only(client, anonymous):
    spec = (await client.get("/openapi.json")).json()
    for path in ("/api/foster-homes", "/api/foster-homes/{home_id}", "/api/agencies", "/api/institutions"):
        assert path in spec["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert 'src="/static/swagger/swagger-ui-bundle.js"' in docs.text
    assert "cdn" not in docs.text  # FastAPI's default page loads Swagger UI from a CDN; ours does not
    assert (await anonymous.get("/openapi.json")).status_code == 401
