"""The ASGI application: every dialect's router, its error rendering, docs and logging."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from roomcast.bootstrap import Container
from roomcast.core.errors import RoomcastError
from roomcast.delivery.http.dialects import DialectMount, DialectRegistry, ErrorRenderer
from roomcast.delivery.http.enablex.errors import enablex_renderer
from roomcast.delivery.http.enablex.routes import PREFIX as ENABLEX_PREFIX
from roomcast.delivery.http.enablex.routes import router as enablex_router
from roomcast.delivery.http.limits import BodyLimitMiddleware
from roomcast.delivery.http.logging import RequestIdMiddleware
from roomcast.delivery.http.native.errors import native_renderer
from roomcast.delivery.http.native.routes import router as native_router
from roomcast.delivery.http.telnyx.errors import telnyx_renderer
from roomcast.delivery.http.telnyx.mapping import PREFIX as TELNYX_PREFIX
from roomcast.delivery.http.telnyx.routes import router as telnyx_router
from roomcast.delivery.http.twilio.errors import twilio_renderer
from roomcast.delivery.http.twilio.routes import PREFIX as TWILIO_PREFIX
from roomcast.delivery.http.twilio.routes import router as twilio_router


@dataclass(frozen=True)
class DialectApi:
    name: str
    title: str
    prefix: str
    router: APIRouter
    renderer: ErrorRenderer


UPLOADS = re.compile(r"^/api/v1/rooms/[^/]+/recordings$")
DIALECTS = (
    DialectApi("enablex", "EnableX Video API v2", ENABLEX_PREFIX, enablex_router, enablex_renderer),
    DialectApi(
        "twilio", "Twilio Programmable Video v1", TWILIO_PREFIX, twilio_router, twilio_renderer
    ),
    DialectApi("telnyx", "Telnyx Video API v2", TELNYX_PREFIX, telnyx_router, telnyx_renderer),
)


def create_app(container: Container) -> FastAPI:
    app = FastAPI(title="roomcast", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.container = container
    app.include_router(native_router)
    for dialect in DIALECTS:
        app.include_router(dialect.router)
    registry = DialectRegistry([DialectMount(d.prefix, d.renderer) for d in DIALECTS])
    _install_error_handlers(app, registry)
    _install_docs(app)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=container.settings.max_body_bytes,
        registry=registry,
        uploads=UPLOADS,
        upload_limit=container.settings.max_upload_bytes,
    )
    app.add_middleware(RequestIdMiddleware)
    return app


def _install_error_handlers(app: FastAPI, registry: DialectRegistry) -> None:
    def renderer(request: Request) -> ErrorRenderer:
        return registry.renderer_for_request(request) or native_renderer

    async def domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RoomcastError)
        return renderer(request).domain_error(exc)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return renderer(request).invalid_request(exc, request.url.path)

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return renderer(request).http_error(exc.status_code, str(exc.detail))

    app.add_exception_handler(RoomcastError, domain)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http)


def dialect_openapi(dialect: DialectApi) -> dict[str, Any]:
    return get_openapi(
        title=dialect.title,
        version="0.1.0",
        routes=dialect.router.routes,
        description=f"roomcast's {dialect.title} dialect. See /docs for all dialects.",
    )


def _install_docs(app: FastAPI) -> None:
    for dialect in DIALECTS:
        _add_openapi_route(app, dialect)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        urls = [{"url": "/openapi.json", "name": "roomcast (everything)"}]
        urls += [{"url": f"{d.prefix}/openapi.json", "name": d.title} for d in DIALECTS]
        return get_swagger_ui_html(
            openapi_url=urls[0]["url"],
            title="roomcast API",
            swagger_ui_parameters={"urls": urls, "layout": "StandaloneLayout"},
        )


def _add_openapi_route(app: FastAPI, dialect: DialectApi) -> None:
    cache: dict[str, Any] = {}

    @app.get(f"{dialect.prefix}/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        if not cache:
            cache.update(dialect_openapi(dialect))
        return JSONResponse(cache)
