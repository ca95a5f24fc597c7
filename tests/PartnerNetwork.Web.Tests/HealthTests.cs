using System.Net;
using Microsoft.Data.Sqlite;

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

    [SqliteOnlyFact]
    public async Task When_the_database_is_gone_ready_fails_and_live_holds()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await WhenReadyAsync(client)).StatusCode);

        var away = app.Folder + "-away";
        Directory.Move(app.Folder, away);
        // A plain file where the folder was: nothing can recreate the folder or an empty database in it.
        File.WriteAllText(app.Folder, "");
        SqliteConnection.ClearAllPools();
        try
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        }
        finally
        {
            File.Delete(app.Folder);
            Directory.Move(away, app.Folder);
            SqliteConnection.ClearAllPools();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
