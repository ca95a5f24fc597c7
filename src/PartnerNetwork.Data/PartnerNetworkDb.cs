using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data;

/// <summary>
/// The one model. Each provider has a subclass so that each keeps its own migrations
/// (Migrations/Sqlite, Migrations/SqlServer) in this assembly.
/// </summary>
public abstract class PartnerNetworkDb(DbContextOptions options) : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<ServiceCentre> ServiceCentres => Set<ServiceCentre>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<UserSchool> UserSchools => Set<UserSchool>();
    public DbSet<NeedCategory> NeedCategories => Set<NeedCategory>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceCategory> ServiceCategories => Set<ServiceCategory>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Schedule> Schedules => Set<Schedule>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PartnerNetworkDb).Assembly);
    }
}

public sealed class SqliteDb(DbContextOptions<SqliteDb> options) : PartnerNetworkDb(options);

public sealed class SqlServerDb(DbContextOptions<SqlServerDb> options) : PartnerNetworkDb(options);
