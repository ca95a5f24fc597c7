using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data;

/// <summary>
/// Inserts many rows with one prepared command per table inside one transaction: tens of times faster than
/// SaveChanges for volume seeding. Columns, names and value conversions come from the EF model, so it stays in
/// step with migrations on every provider. Directory rows get their version and move the catalogue version in the
/// same transaction, like any other write.
/// </summary>
public static class BulkInsert
{
    public static Task InsertAsync<T>(PartnerNetworkDb db, IReadOnlyCollection<T> rows, CancellationToken cancel = default) where T : class =>
        InsertAsync(db, db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped."), rows, cancel);

    /// <summary>
    /// Inserts rows of one entity type: inside the caller's transaction when one is open (the caller commits), else in
    /// a transaction of its own (<see cref="PartnerNetworkDb.InTransactionAsync{T}"/>).
    /// </summary>
    public static async Task InsertAsync(PartnerNetworkDb db, IEntityType entityType, IEnumerable<object> rows, CancellationToken cancel = default)
    {
        if (db.Database.CurrentTransaction?.GetDbTransaction() is { } ambient)
        {
            await WriteAsync(db, entityType, rows, ambient, cancel);
            return;
        }
        // A retry writes every row again: the failed attempt rolled back whole.
        var all = rows as IReadOnlyCollection<object> ?? rows.ToList();
        await db.InTransactionAsync(async () =>
        {
            await WriteAsync(db, entityType, all, db.Database.CurrentTransaction!.GetDbTransaction(), cancel);
            return all.Count;
        }, beforeRetry: () => { }, cancel);
    }

    /// <summary>One prepared INSERT run per row within <paramref name="transaction"/>; a directory table moves the catalogue version.</summary>
    static async Task WriteAsync(PartnerNetworkDb db, IEntityType entityType, IEnumerable<object> rows, DbTransaction transaction, CancellationToken cancel)
    {
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = Columns(entityType, table).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((c, i) => c.Mapping.CreateParameter(command, $"p{i}", null, nullable: true)).ToArray();
        command.Parameters.AddRange(parameters);
        await command.PrepareAsync(cancel);
        var now = db.UtcNow;
        var written = 0;
        foreach (var row in rows)
        {
            if (row is ICatalogueRecord { Version: var v } record && v == Guid.Empty) (record.Version, record.UpdatedAt) = (Guid.NewGuid(), now);
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancel);
            written++;
        }
        if (written > 0 && PartnerNetworkDb.CatalogueTypes.Contains(entityType.ClrType)) await db.MoveCatalogueVersionAsync(cancel);
    }

    /// <summary>
    /// New directory records that were never tracked, with everything hanging from them (texts, needs, hours, sites),
    /// parents before children, inside the caller's transaction: an import of a whole directory through the change
    /// tracker spent most of its time tracking.
    /// </summary>
    public static async Task InsertNewRecordsAsync(PartnerNetworkDb db, IReadOnlyCollection<Organization> organizations, IReadOnlyCollection<Location> locations,
        IReadOnlyCollection<Service> services, CancellationToken cancel = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("New records are written in bulk only inside the caller's transaction.");
        async Task Insert<T>(IEnumerable<T> rows) where T : class => await InsertAsync(db, db.Model.FindEntityType(typeof(T))!, rows, cancel);
        await Insert(organizations);
        // What EF would have filled in on tracked records: an owned text's key is its owner's.
        foreach (var organization in organizations) organization.Texts.ForEach(t => t.OrganizationId = organization.Id);
        foreach (var service in services) service.Texts.ForEach(t => t.ServiceId = service.Id);
        await Insert(organizations.SelectMany(o => o.Texts));
        await Insert(locations);
        await Insert(services);
        await Insert(services.SelectMany(s => s.Categories));
        await Insert(services.SelectMany(s => s.ServiceAtLocations));
        await Insert(services.SelectMany(s => s.Schedules));
        await Insert(services.SelectMany(s => s.Texts));
    }

    sealed record Column(string Name, RelationalTypeMapping Mapping, Func<object, object?> Read);

    static IEnumerable<Column> Columns(IEntityType entityType, StoreObjectIdentifier table)
    {
        foreach (var property in entityType.GetProperties())
            yield return ColumnOf(property, table, owner => owner);
        // Owned types (e.g. Service.Capacity) share the owner's table.
        foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
        {
            var getter = navigation.GetGetter();
            foreach (var property in navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()))
                yield return ColumnOf(property, table, owner => getter.GetClrValue(owner));
        }
    }

    static Column ColumnOf(IProperty property, StoreObjectIdentifier table, Func<object, object?> reach)
    {
        var mapping = (RelationalTypeMapping)property.GetTypeMapping();
        var getter = property.GetGetter();
        var converter = mapping.Converter;
        return new Column(property.GetColumnName(table)!, mapping, row =>
        {
            var target = reach(row);
            var value = target is null ? null : getter.GetClrValue(target);
            return value is null || converter is null ? value : converter.ConvertToProvider(value);
        });
    }
}
