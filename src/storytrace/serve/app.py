"""The workspace and API application (FastAPI), built by ``create_app``."""

from __future__ import annotations

import os
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storytrace import __version__
from storytrace.serve.comparing import CompareWorkers
from storytrace.serve.duty import BackgroundDuty
from storytrace.serve.errors import install_error_handlers
from storytrace.serve.guard import Guard
from storytrace.serve.job_runner import JobRunner
from storytrace.serve.preparing import ViewPreparer
from storytrace.serve.reading import ServeSettings

# Where ``serve --processes N`` passes its settings to the processes it starts.
SETTINGS_VARIABLE = "STORYTRACE_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The application of one process of ``serve --processes N``, with the settings the
    command put in ``SETTINGS_VARIABLE``."""
    return create_app(ServeSettings.from_json(os.environ[SETTINGS_VARIABLE]))


def create_app(settings: ServeSettings) -> FastAPI:
    """The application over the store ``settings.db_path``: the pages, ``/api/v1``, its
    OpenAPI description at ``/openapi.json`` and a page describing it at ``/api/docs``."""
    from storytrace.serve import api, ingesting, marking, pages

    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Stories, articles and search over one storytrace store.",
        docs_url=None,  # the interactive docs load scripts from a CDN: /api/docs instead
        redoc_url=None,
    )
    app.state.settings = settings
    workers = app.state.compare_workers = CompareWorkers(settings.compare_slots)
    jobs = app.state.job_runner = JobRunner(settings.db_path)
    preparer = ViewPreparer(settings.db_path, workers) if settings.prepare_views else None
    duty = BackgroundDuty(settings.db_path)

    def start_background() -> None:
        if duty.take():  # one process of a store runs its jobs and prepares its views
            jobs.start()
            if preparer is not None:
                preparer.start()

    def stop_background() -> None:
        if preparer is not None:
            preparer.close()  # before the workers it uses close
        jobs.close()
        duty.release()

    app.router.on_startup.append(start_background)
    app.router.on_shutdown.append(stop_background)
    app.router.on_shutdown.append(workers.close)
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(ingesting.api_router)
    app.include_router(pages.router)
    app.include_router(ingesting.page_router)
    app.include_router(marking.router)
    static = resources.files("storytrace.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    touch = preparer.touch if preparer is not None else None  # it works while nobody asks
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes, on_request=touch)
    return app
