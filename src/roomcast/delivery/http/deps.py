"""Dependencies shared by every dialect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from roomcast.bootstrap import Container, Services


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_services(request: Request) -> Iterator[Services]:
    # scope="function": the transaction commits when the endpoint returns, before the
    # response goes out, so a client never sees a success that was not saved.
    with get_container(request).services() as services:
        yield services


ServicesDep = Annotated[Services, Depends(get_services, scope="function")]


ContainerDep = Annotated[Container, Depends(get_container)]
