using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Conversions;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

[Trait("Database", "Both")]
public class DatabaseTests(AppFactory app) : IClassFixture<AppFactory>
{
    T Scoped<T>(Func<IServiceProvider, T> use)
    {
        using var scope = app.Services.CreateScope();
        return use(scope.ServiceProvider);
    }

    [Fact]
    public async Task Requests_at_once_each_keep_their_own_pooled_context_to_the_end()
    {
        // A scope that disposed its context twice could hand it back to the pool while another request held it.
        var services = app.Services;
        await Parallel.ForEachAsync(Enumerable.Range(0, 20_000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (_, _) =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            await Task.Yield();
            Assert.True(await db.NeedCategories.AsNoTracking().AnyAsync());
        });
    }

    [Theory]
    [InlineData(typeof(SqliteDb))]
    [InlineData(typeof(SqlServerDb))]
    [InlineData(typeof(PostgresDb))]
    public void Every_model_change_is_covered_by_a_migration(Type context) =>
        Assert.False(Scoped(sp => ((PartnerNetworkDb)sp.GetRequiredService(context)).Database.HasPendingModelChanges()),
            $"{context.Name} has model changes without a migration: run dotnet ef migrations add for it (see README).");

    [Fact]
    public void The_sql_server_idempotent_script_generates()
    {
        var script = Scoped(sp => sp.GetRequiredService<SqlServerDb>().GetService<IMigrator>()
            .GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
        Assert.Contains("CREATE TABLE [Services]", script);
        Assert.Contains("[ServiceArea] varbinary(max) NULL", script);
        Assert.Contains("IF NOT EXISTS", script);
        var output = Path.Combine(AppContext.BaseDirectory, "sqlserver-idempotent.sql");
        File.WriteAllText(output, script);
    }

    [Fact]
    public void Wkb_round_trips_points_polygons_and_multipolygons_with_their_srid()
    {
        var polygon = Geometries.QuebecExtent();
        var multi = Geometries.Factory.CreateMultiPolygon([polygon, (Polygon)polygon.Buffer(-1)]);
        foreach (Geometry geometry in new Geometry[] { Geometries.Point(45.5, -73.6), polygon, multi })
        {
            var back = Wkb.Read(Wkb.Write(geometry));
            Assert.True(geometry.EqualsExact(back));
            Assert.Equal(Geometries.Wgs84, back.SRID);
        }
    }

    [SqliteOnlyFact]
    public async Task A_service_area_round_trips_through_the_sqlite_file_as_a_wkb_blob()
    {
        var territory = ProvinceFiles.Default.ServiceCentres().Single(c => c.Code == "762000").Territory!;
        var organizationId = Guid.NewGuid();
        var serviceId = Guid.NewGuid();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            db.Organizations.Add(new Organization { Id = organizationId, Name = $"WKB {organizationId}" });
            db.Services.Add(new Service { Id = serviceId, OrganizationId = organizationId, Name = "Aire", ServiceArea = territory });
            await db.SaveChangesAsync();
        }
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var back = await db.Services.SingleAsync(s => s.Id == serviceId);
            Assert.True(territory.EqualsExact(back.ServiceArea!));
            Assert.Equal(Geometries.Wgs84, back.ServiceArea!.SRID);
        }
        await using var connection = new SqliteConnection($"Data Source={app.DbPath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(ServiceArea), hex(substr(ServiceArea, 1, 9)) FROM Services WHERE Name = 'Aire'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("blob", reader.GetString(0));
        // Little-endian, Polygon with the SRID flag, SRID 4326.
        Assert.Equal("0103000020E6100000", reader.GetString(1)[..18]);
    }

    [Fact]
    public async Task Bulk_insert_writes_rows_ef_reads_back_identically()
    {
        var taxonomy = app.With(db => db.NeedCategories.ToList());
        var catalogue = new CatalogueGenerator(taxonomy, new DateOnly(2026, 11, 22), seed: 99).Volume(SeedFiles.Default.QuebecPlaces(), 200);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            await catalogue.InsertAsync(db);
        }
        var expected = catalogue.Services[17];
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var back = await db.Services.Include(s => s.Categories).Include(s => s.Schedules).Include(s => s.ServiceAtLocations)
                .ThenInclude(s => s.Location).SingleAsync(s => s.Id == expected.Id);
            Assert.Equal(expected.Name, back.Name);
            Assert.Equal(expected.Languages, back.Languages);
            Assert.Equal(expected.Cost, back.Cost);
            Assert.Equal(expected.Capacity.Available, back.Capacity.Available);
            Assert.Equal(expected.Capacity.Unit, back.Capacity.Unit);
            Assert.Equal(expected.AssuredDate, back.AssuredDate);
            Assert.Equal(expected.Categories.Select(c => c.NeedCategoryId).Order(), back.Categories.Select(c => c.NeedCategoryId).Order());
            Assert.Equal(catalogue.Schedules.Count(s => s.ServiceId == expected.Id), back.Schedules.Count);
            var hours = catalogue.Schedules.First(s => s.ServiceId == expected.Id);
            var hoursBack = back.Schedules.Single(s => s.Id == hours.Id);
            Assert.Equal((hours.ByDay, hours.OpensAt, hours.ClosesAt), (hoursBack.ByDay, hoursBack.OpensAt, hoursBack.ClosesAt));
            var location = catalogue.Locations.Single(l => l.Id == back.ServiceAtLocations.Single().LocationId);
            Assert.Equal(location.Latitude, back.ServiceAtLocations.Single().Location!.Latitude);
        }
    }

    [Fact]
    public void The_demo_seed_is_in_the_database()
    {
        Assert.Equal(12, app.With(db => db.NeedCategories.Count()));
        // The pilot's three CSS: 359 schools, 250 of them the public primary schools of the deprivation file.
        Assert.Equal(359, app.With(db => db.Schools.Count(s => SeedFiles.PilotServiceCentreCodes.Contains(s.ServiceCentre!.Code))));
        Assert.Equal(250, app.With(db => db.Schools.Count(s => SeedFiles.PilotServiceCentreCodes.Contains(s.ServiceCentre!.Code) && (s.Levels & Core.Schools.SchoolLevels.Primary) != 0)));
        Assert.InRange(app.With(db => db.Organizations.Count(o => o.IsFictitious)), 60, 300);
        // One user per role who can sign in, and two inactive, password-less users the demo history is attributed to.
        Assert.Equal(4, app.With(db => db.Users.Count(u => u.Email!.EndsWith("@demo.local") && u.IsActive && u.PasswordHash != null)));
        Assert.Equal(2, app.With(db => db.Users.Count(u => u.Email!.EndsWith("@demo.local") && !u.IsActive && u.PasswordHash == null)));
        Assert.Equal(Seeder.DemoHistoryReferrals, app.With(db => db.Referrals.Count(r => r.ReferredById == Seeder.HistoryAgentId)));
    }
}
