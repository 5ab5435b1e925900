# PartnerOps: the web app and JSON API (`partnerops serve`), the same image runs the background jobs (compose.yaml).
# Debian-based Python, the version the suite runs on. Everything is installed at build time: the wheels carry the
# assistant's embedding weights, the Public Suffix List and the API docs assets, so nothing is downloaded at run time.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
# The core dependencies only: no test, benchmark or Spark extras.
RUN python -m venv /opt/partnerops && /opt/partnerops/bin/pip install .

FROM python:3.11-slim-bookworm
# libsodium23: private overlap's ristretto255 arithmetic. postgresql-client: pg_dump for `partnerops backup` (15, as
# the PostgreSQL server in compose.yaml; with a newer server the backup writes the portable export instead).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsodium23 postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/partnerops --uid 10001 partnerops
COPY --from=build /opt/partnerops /opt/partnerops
ENV PATH=/opt/partnerops/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/var/lib/partnerops/.matplotlib \
    PARTNEROPS_DATABASE_URL=sqlite:////var/lib/partnerops/partnerops.db
USER partnerops
WORKDIR /var/lib/partnerops
# Matplotlib's font list is built once here rather than on the first chart.
RUN python -c "import matplotlib.font_manager"
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["partnerops", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
