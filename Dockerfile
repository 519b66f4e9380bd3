# forumsite — scale-out image: gunicorn with gevent workers, PostgreSQL and Redis from the environment.
# Stage 1: the front-end assets, from npm with the exact pins of package-lock.json (without the
# devDependencies: axe-core only serves the accessibility tests and is never shipped).
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p vendor \
 && cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx-ext-sse/dist/sse.min.js vendor/

# Stage 2: the application.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml constraints.txt ./
# The dependencies alone (the app runs from /app): building the package would need static/vendor already.
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print(*p['dependencies'], *p['optional-dependencies']['server'], sep='\\n')" > /tmp/requirements.txt \
 && pip install -c constraints.txt -r /tmp/requirements.txt
COPY . .
COPY --from=assets /build/vendor ./static/vendor
RUN pybabel compile -d translations \
 && useradd --system --home /app forumsite && mkdir -p instance && chown forumsite instance
USER forumsite
EXPOSE 8000
# Migrations at start, then the server. SSE streams need gevent workers (one greenlet per viewer).
CMD ["sh", "-c", "flask --app app init-db && exec gunicorn --worker-class gevent --workers ${WEB_CONCURRENCY:-2} --worker-connections 2000 --bind 0.0.0.0:8000 --access-logfile - app:app"]
