using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PartnerNetwork.Core.Schools;
using PartnerNetwork.Data.Conversions;

namespace PartnerNetwork.Data.Configurations;

public class ServiceCentreConfiguration : IEntityTypeConfiguration<ServiceCentre>
{
    public const int ProfileMaxLength = 10;
    const int KindMaxLength = 15;

    public void Configure(EntityTypeBuilder<ServiceCentre> css)
    {
        css.Property(c => c.Id).ValueGeneratedNever();
        css.Property(c => c.Code).HasMaxLength(ServiceCentre.CodeMaxLength);
        css.HasIndex(c => c.Code).IsUnique();
        css.Property(c => c.Name).HasMaxLength(ServiceCentre.NameMaxLength);
        css.Property(c => c.Territory).HasConversion((ValueConverter)new GeometryWkbConverter(), new GeometryComparer());
        css.Property(c => c.Profile).HasConversion<string>().HasMaxLength(ProfileMaxLength);
        css.Property(c => c.Kind).HasConversion<string>().HasMaxLength(KindMaxLength);
        css.Ignore(c => c.StaffLanguage);
    }
}

public class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> school)
    {
        school.Property(s => s.Id).ValueGeneratedNever();
        school.Property(s => s.Code).HasMaxLength(School.CodeMaxLength);
        school.HasIndex(s => s.Code).IsUnique();
        school.Property(s => s.Name).HasMaxLength(School.NameMaxLength);
        school.Property(s => s.Address).HasMaxLength(School.AddressMaxLength);
        school.Property(s => s.City).HasMaxLength(School.CityMaxLength);
        school.Property(s => s.PostalCode).HasMaxLength(School.PostalCodeMaxLength);
        school.Property(s => s.Phone).HasMaxLength(Core.Catalogue.Organization.PhoneMaxLength);
        school.HasIndex(s => new { s.Latitude, s.Longitude });
        school.HasOne(s => s.ServiceCentre).WithMany(c => c.Schools).HasForeignKey(s => s.ServiceCentreId);
        school.Property(s => s.ProfileOverride).HasConversion<string>().HasMaxLength(ServiceCentreConfiguration.ProfileMaxLength);
        school.HasMany(s => s.Sites).WithOne().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
        school.Ignore(s => s.IsDisadvantaged);
        school.Ignore(s => s.HasPosition);
    }
}

public class SchoolSiteConfiguration : IEntityTypeConfiguration<SchoolSite>
{
    public void Configure(EntityTypeBuilder<SchoolSite> site)
    {
        site.Property(s => s.Id).ValueGeneratedNever();
        site.Property(s => s.BuildingCode).HasMaxLength(SchoolSite.BuildingCodeMaxLength);
        site.Property(s => s.Name).HasMaxLength(School.NameMaxLength);
        site.Property(s => s.Address).HasMaxLength(School.AddressMaxLength);
        site.Property(s => s.City).HasMaxLength(School.CityMaxLength);
        site.Property(s => s.PostalCode).HasMaxLength(School.PostalCodeMaxLength);
        site.HasIndex(s => new { s.SchoolId, s.BuildingCode }).IsUnique();
    }
}
