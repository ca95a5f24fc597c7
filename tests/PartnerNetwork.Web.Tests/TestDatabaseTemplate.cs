using Microsoft.Data.Sqlite;

namespace PartnerNetwork.Web.Tests;

/// <summary>
/// One migrated, seeded database per test run, copied for each app factory: migrating and seeding the demo is most of
/// a factory's start, and about forty factories start in a pass. SQLite: a file made with VACUUM INTO, copied.
/// PostgreSQL: a database kept without connections, used as CREATE DATABASE … TEMPLATE.
/// </summary>
public static class TestDatabaseTemplate
{
    static readonly Lazy<string> Template = new(Build);

    public static void EnsureBuilt() => _ = Template.Value;

    /// <summary>Gives the factory's database the template's content, unless a factory sharing it made it first.</summary>
    public static void CopyTo(string dbPath)
    {
        if (PostgresServer.Wanted)
        {
            PostgresServer.CreateDatabase(PostgresServer.DatabaseFor(dbPath), template: Template.Value);
            return;
        }
        if (File.Exists(dbPath)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        File.Copy(Template.Value, dbPath);
    }

    static string Build()
    {
        using var factory = new TemplateFactory();
        factory.Client(); // starts the app: migrations, reference data, demo scenario
        if (PostgresServer.Wanted)
        {
            factory.Dispose(); // no connection may stay open on a template
            return PostgresServer.DatabaseFor(factory.DbPath);
        }
        var copy = Path.Combine(Path.GetTempPath(), $"pn-template-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={factory.DbPath}"))
        {
            connection.Open();
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $path";
            vacuum.Parameters.AddWithValue("$path", copy);
            vacuum.ExecuteNonQuery();
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(copy);
        return copy;
    }

    sealed class TemplateFactory : AppFactory
    {
        protected override bool StartsFromTemplate => false;

        protected override bool KeepsDatabase => PostgresServer.Wanted;
    }
}
