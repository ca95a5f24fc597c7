using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Seeding;

/// <summary>
/// Inserts many rows with one prepared command per table inside one transaction: tens of times faster than
/// SaveChanges for volume seeding. Columns, names and value conversions come from the EF model, so it stays in
/// step with migrations on every provider. Directory rows get their version and move the catalogue version in the
/// same transaction, like any other write.
/// </summary>
public static class BulkInsert
{
    public static async Task InsertAsync<T>(PartnerNetworkDb db, IReadOnlyCollection<T> rows, CancellationToken cancel = default) where T : class
    {
        if (rows.Count == 0) return;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = Columns(entityType, table).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancel);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancel);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = columns.Select((c, i) => c.Mapping.CreateParameter(command, $"p{i}", null, nullable: true)).ToArray();
            command.Parameters.AddRange(parameters);
            await command.PrepareAsync(cancel);
            var now = db.UtcNow;
            foreach (var row in rows)
            {
                if (row is ICatalogueRecord { Version: var v } record && v == Guid.Empty) (record.Version, record.UpdatedAt) = (Guid.NewGuid(), now);
                for (var i = 0; i < columns.Count; i++)
                    parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancel);
            }
            if (PartnerNetworkDb.CatalogueTypes.Contains(typeof(T)))
            {
                await db.Database.UseTransactionAsync(transaction, cancel);
                await db.MoveCatalogueVersionAsync(cancel);
                await db.Database.UseTransactionAsync(null, cancel);
            }
            await transaction.CommitAsync(cancel);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
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
