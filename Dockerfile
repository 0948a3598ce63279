# Handoff as a container: Node 20, the app run by tsx as `npm start` runs it, better-sqlite3 built
# from source (no prebuilt binary is downloaded). Migrations run at start: every process brings the
# store's schema up to date before it listens, and PostgreSQL's migration lock lets N start at once.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
ENV npm_config_build_from_source=true
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    TZ=UTC
COPY --from=deps /app/node_modules ./node_modules
COPY package.json app.json tsconfig.json ./
COPY src ./src
COPY webhooks ./webhooks
# The embedded SQLite default lives here; mount a volume, or set DATABASE_URL to PostgreSQL.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node_modules/.bin/tsx", "src/main.ts"]
