# One image for every PXR app; the compose file picks the app with APP.
FROM node:20-bookworm-slim AS build
WORKDIR /pxr
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build --silent && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /pxr
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
COPY --from=build /pxr/node_modules ./node_modules
COPY --from=build /pxr/dist ./dist
COPY --from=build /pxr/package.json ./
COPY --from=build /pxr/config ./config
ARG APP=incident-api
ENV APP=${APP}
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
