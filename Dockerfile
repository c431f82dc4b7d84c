# One image builds everything; the compose file picks the process per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json lerna.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY core/package.json core/
COPY api/package.json api/
COPY sync-server/package.json sync-server/
COPY server/package.json server/
COPY client/package.json client/
COPY pwa/package.json pwa/
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 8080
CMD ["node", "server/dist/main.js"]

FROM nginx:1.27-alpine AS proxy
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/pwa/dist /usr/share/nginx/html
