# Self-hosting image for GenFlow on Node 24 (plain multi-stage build; not built in this repository's CI, which
# has no Docker engine: `docker compose config` validates compose.yaml there).
#   docker build -t genflow .            (or `docker compose up`: app, PostgreSQL and Redis, see compose.yaml)
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://… -e NEXTAUTH_SECRET=… -e NEXTAUTH_URL=https://… genflow
# Migrations are applied when the container starts (`npm run db:migrate`, offline-capable), then `next start`.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx prisma generate && npx next build

FROM node:24-bookworm-slim AS run
WORKDIR /app
# The label /api/health reports: `docker build --build-arg GENFLOW_BUILD_VERSION=$(git describe --always) .`
ARG GENFLOW_BUILD_VERSION=""
ENV NODE_ENV=production PORT=3000 GENFLOW_BUILD_VERSION=${GENFLOW_BUILD_VERSION}
COPY --from=build /app ./
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "npm run db:migrate && npm start -- -p ${PORT}"]
