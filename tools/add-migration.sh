#!/usr/bin/env bash
# Adds one migration, of the same name, for each provider's context (SQLite, SQL Server, PostgreSQL).
# Usage: tools/add-migration.sh <Name>
#        tools/add-migration.sh --squash   (replaces every migration by one "Initial": only while no installation exists)
set -euo pipefail
cd "$(dirname "$0")/.."
migrations=src/PartnerNetwork.Data/Migrations
name=${1:?usage: tools/add-migration.sh <Name> | --squash}
if [ "$name" = "--squash" ]; then
  name=Initial
  rm -rf "${migrations:?}"/Sqlite "$migrations"/SqlServer "$migrations"/Postgres
fi
dotnet tool restore >/dev/null
dotnet build src/PartnerNetwork.Web -v q -nologo >/dev/null
for pair in Sqlite:SqliteDb SqlServer:SqlServerDb Postgres:PostgresDb; do
  folder=${pair%%:*}; context=${pair##*:}
  dotnet ef migrations add "$name" --no-build --context "$context" --project src/PartnerNetwork.Data \
    --startup-project src/PartnerNetwork.Web --output-dir "Migrations/$folder" \
    --namespace "PartnerNetwork.Data.Migrations.$folder" >/dev/null
  # Without a snapshot to follow, dotnet-ef writes the new one under a folder named after the namespace.
  stray=src/PartnerNetwork.Data/PartnerNetwork/Data/Migrations/$folder
  if [ -d "$stray" ]; then mv "$stray"/*.cs "$migrations/$folder/"; fi
done
rm -rf src/PartnerNetwork.Data/PartnerNetwork
ls "$migrations"/*
