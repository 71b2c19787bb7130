# The dashboard image (also runs the ETL jobs): `docker build -t trygghet-i-kalmar .`
# Runs as a non-root user; the DB lives on a volume at /data (TRYGGHET_DB), never in the image.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp \
    TRYGGHET_DB=/data/trygghet.duckdb \
    TRYGGHET_SNAPSHOT=/data/snapshot

WORKDIR /app
# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt \
    && useradd --system --uid 10001 --gid 0 --home-dir /tmp --no-create-home trygghet
COPY .streamlit/ .streamlit/
COPY dashboard.py ./
COPY etl/ etl/
COPY trygghet/ trygghet/
COPY pages/ pages/
COPY catalogues/ catalogues/

USER 10001
EXPOSE 8501
# The same endpoint HAProxy and the Kubernetes probes use; python, since the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["python", "-m", "streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
