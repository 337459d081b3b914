# One image for every process of the extranet (identity, policy, requests,
# documents, the Temporal worker and the gateway). The image has no CMD of its
# own: each compose service / Kubernetes Deployment sets its command, e.g.
#   node --import tsx services/identity/main.ts

# --- build: install dependencies, generate the protobuf code, drop dev tools ---
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, so source changes reuse this layer. No install scripts
# are needed: native parts (Temporal core bridge, argon2, buf) ship prebuilt.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY . .

# Generate proto/gen: protoc (Debian's) with protoc-gen-es and the protovalidate descriptor (see scripts/setup.mjs).
RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*
RUN node scripts/setup.mjs --proto

# Build the two web apps (Vite) into .data/web, which the gateway serves.
RUN node scripts/build-web.mjs

# The processes run TypeScript through tsx (a dependency); dev tools can go.
RUN npm prune --omit=dev --ignore-scripts

# --- runtime ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# The official image's unprivileged user (uid 1000).
USER node
