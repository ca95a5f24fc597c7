using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PartnerNetwork.Web.Tests;

/// <summary>The app on a database kept in its own folder, so the test can take the database away.</summary>
public sealed class RemovableDatabaseAppFactory : AppFactory
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"pn-health-{Guid.NewGuid():N}");

    // The app creates the folder as it opens the database.
    public override string DbPath => Path.Combine(Folder, "app.db");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

[Trait("Database", "Both")]
public class HealthTests(RemovableDatabaseAppFactory app) : IClassFixture<RemovableDatabaseAppFactory>
{
    /// <summary>Asks until the instance says it is ready (the index builds in the background at start), up to 30 s.</summary>
    public static async Task<HttpResponseMessage> WhenReadyAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK || attempt == 60) return response;
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Takes the app's database away until disposed. SQLite: the file's folder moves and a plain file takes its place,
    /// so nothing can recreate it. PostgreSQL: the database refuses connections (superusers included) and its open ones end.
    /// </summary>
    IDisposable TakeDatabaseAway()
    {
        if (PostgresServer.Wanted)
        {
            var database = PostgresServer.DatabaseFor(app.DbPath);
            PostgresServer.Execute($"ALTER DATABASE {database} ALLOW_CONNECTIONS false");
            PostgresServer.Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
            NpgsqlConnection.ClearAllPools();
            return new Restore(() =>
            {
                PostgresServer.Execute($"ALTER DATABASE {database} ALLOW_CONNECTIONS true");
                NpgsqlConnection.ClearAllPools();
            });
        }
        var away = app.Folder + "-away";
        Directory.Move(app.Folder, away);
        File.WriteAllText(app.Folder, "");
        SqliteConnection.ClearAllPools();
        return new Restore(() =>
        {
            File.Delete(app.Folder);
            Directory.Move(away, app.Folder);
            SqliteConnection.ClearAllPools();
        });
    }

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    [Fact]
    public async Task When_the_database_is_gone_ready_fails_and_live_holds()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await WhenReadyAsync(client)).StatusCode);

        using (TakeDatabaseAway())
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
