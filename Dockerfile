# One image for every Node service (the compose file picks the process by its command), and one for
# the proxy. Node 24 is the current LTS.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json lerna.json tsconfig.base.json tsconfig.check.json ./
COPY shared/package.json shared/
COPY core/package.json core/
COPY api/package.json api/
COPY sync-server/package.json sync-server/
COPY server/package.json server/
COPY client/package.json client/
COPY pwa/package.json pwa/
COPY bench/package.json bench/
RUN npm ci
COPY . .
# The PWA's build writes .br/.gz beside its files (pwa/scripts/precompress.mjs) for the proxy.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# Two glibc malloc arenas: sharp's libvips threads otherwise each keep an arena of freed pixels, and
# 20 photos uploaded at once grew the process by 200 MB rather than 100 (BENCHMARKS.md, "Uploads beside the chat").
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app /app
# The data directory (uploaded media: a named volume, shared by the api processes) belongs to the
# user the processes run as; a new named volume takes this ownership from the image.
RUN mkdir -p /app/data/media && chown -R node:node /app/data
USER node
EXPOSE 8080 9464
# SIGTERM drains (docs/operations.md): sockets closed with 4502, work held finished, exit within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "server/dist/main.js"]

# nginx from Debian for its brotli_static module (the nginx image has none): serves the PWA's
# precompressed files and routes the rest (deploy/nginx.conf).
FROM debian:bookworm-slim AS proxy
RUN apt-get update \
  && apt-get install -y --no-install-recommends nginx-light libnginx-mod-http-brotli-static \
  && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
  && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
COPY deploy/nginx.conf /etc/nginx/conf.d/volley.conf
COPY deploy/security-headers.conf /etc/nginx/security-headers.conf
COPY deploy/proxy-headers.conf /etc/nginx/proxy-headers.conf
COPY --from=build /app/pwa/dist /usr/share/nginx/html
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
