using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Privacy;

namespace PartnerNetwork.Web.Hosting;

/// <summary>At start-up: apply migrations, load reference data and, in Development, the demo scenario with its sign-ins.</summary>
public static class DatabaseStartup
{
    public static async Task PrepareAsync(WebApplication app)
    {
        var configuration = app.Configuration;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
        if (configuration.GetValue("Database:MigrateOnStartup", true))
            await db.Database.MigrateAsync();

        var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
        await seeder.SeedReferenceAsync(SeedFiles.Default);
        await PartnerNetwork.Data.Coverage.IndicatorQueries.BackfillAcknowledgementDaysAsync(db);
        await PartnerNetwork.Data.Coverage.IndicatorQueries.FillNeedFlagsAsync(db);

        // Families recorded before the contact hashes existed (or after a key rotation) get them.
        var matching = scope.ServiceProvider.GetRequiredService<PartnerNetwork.Core.Families.ContactMatch>();
        await FamilyMatching.RehashAsync(db, matching, onlyMissing: true);
        if (!configuration.GetValue("Demo:Enabled", app.Environment.IsDevelopment()))
            return;
        var password = configuration["Demo:Password"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
            password = $"Demo-{RandomNumberGenerator.GetHexString(12, lowercase: true)}-Q7!";
        var signIns = await seeder.SeedDemoAsync(SeedFiles.Default, password!);
        await FamilyMatching.RehashAsync(db, matching, onlyMissing: true);

        // Printed, not logged: it is for the person who just ran the app.
        Console.WriteLine();
        Console.WriteLine("PartnerNetwork demo sign-ins" + (generated ? " (password generated; set Demo:Password to choose one)" : ""));
        foreach (var signIn in signIns)
            Console.WriteLine($"  {signIn.Role,-13} {signIn.Email,-20} {password}   {signIn.Description}");
        Console.WriteLine();
    }
}
