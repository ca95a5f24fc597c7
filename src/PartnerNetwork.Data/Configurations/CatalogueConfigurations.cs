using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data.Conversions;

namespace PartnerNetwork.Data.Configurations;

public class NeedCategoryConfiguration : IEntityTypeConfiguration<NeedCategory>
{
    public void Configure(EntityTypeBuilder<NeedCategory> category)
    {
        category.Property(c => c.Id).ValueGeneratedNever();
        category.Property(c => c.Code).HasMaxLength(NeedCategory.CodeMaxLength);
        category.HasIndex(c => c.Code).IsUnique();
        category.HasIndex(c => c.Flag).IsUnique();
        category.Property(c => c.NameFr).HasMaxLength(NeedCategory.NameMaxLength);
        category.Property(c => c.NameEn).HasMaxLength(NeedCategory.NameMaxLength);
        category.Property(c => c.DescriptionFr).HasMaxLength(NeedCategory.DescriptionMaxLength);
        category.Property(c => c.DescriptionEn).HasMaxLength(NeedCategory.DescriptionMaxLength);
    }
}

public class TaxonomyMappingConfiguration : IEntityTypeConfiguration<TaxonomyMapping>
{
    public void Configure(EntityTypeBuilder<TaxonomyMapping> mapping)
    {
        mapping.Property(m => m.Id).ValueGeneratedNever();
        mapping.Property(m => m.ExternalTerm).HasMaxLength(TaxonomyMapping.TermMaxLength);
        mapping.Property(m => m.FoldedTerm).HasMaxLength(TaxonomyMapping.TermMaxLength);
        mapping.HasIndex(m => m.FoldedTerm).IsUnique();
        mapping.HasOne(m => m.NeedCategory).WithMany().HasForeignKey(m => m.NeedCategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> organization)
    {
        organization.Property(o => o.Id).ValueGeneratedNever();
        organization.OwnsMany(o => o.Texts, text =>
        {
            text.ToTable("OrganizationTexts");
            text.WithOwner().HasForeignKey(t => t.OrganizationId);
            text.HasKey(t => new { t.OrganizationId, t.Language });
            ListingTexts.Configure(text);
        });
        organization.Property(o => o.Name).HasMaxLength(Organization.NameMaxLength);
        organization.Property(o => o.AlternateName).HasMaxLength(Organization.NameMaxLength);
        organization.Property(o => o.Description).HasMaxLength(Organization.DescriptionMaxLength);
        organization.Property(o => o.Email).HasMaxLength(Organization.EmailMaxLength);
        organization.Property(o => o.Phone).HasMaxLength(Organization.PhoneMaxLength);
        organization.Property(o => o.Website).HasMaxLength(Organization.WebsiteMaxLength);
        organization.Property(o => o.NormalizedName).HasMaxLength(Organization.NameMaxLength);
        // Two simultaneous creations of the same organisation: the database keeps one.
        organization.HasIndex(o => o.NormalizedName).IsUnique();
        organization.Property(o => o.Version).IsConcurrencyToken();
    }
}

public class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    /// <summary>Enums are stored by name, readable in the database and stable when members are added.</summary>
    const int EnumMaxLength = 20;

    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.OwnsMany(s => s.Texts, text =>
        {
            text.ToTable("ServiceTexts");
            text.WithOwner().HasForeignKey(t => t.ServiceId);
            text.HasKey(t => new { t.ServiceId, t.Language });
            ListingTexts.Configure(text);
        });
        service.Property(s => s.Id).ValueGeneratedNever();
        service.HasOne(s => s.Organization).WithMany(o => o.Services).HasForeignKey(s => s.OrganizationId);
        service.Property(s => s.Name).HasMaxLength(Service.NameMaxLength);
        service.Property(s => s.Description).HasMaxLength(Service.DescriptionMaxLength);
        service.Property(s => s.Status).HasConversion<string>().HasMaxLength(EnumMaxLength);
        service.Property(s => s.Cost).HasConversion<string>().HasMaxLength(EnumMaxLength);
        service.Property(s => s.Languages)
            .HasConversion(new LanguageListConverter(), new LanguageListComparer())
            .HasMaxLength(Service.LanguagesMaxLength);
        service.Property(s => s.EligibilityDescription).HasMaxLength(Service.EligibilityMaxLength);
        service.Property(s => s.ReferralContactName).HasMaxLength(Service.ContactNameMaxLength);
        service.Property(s => s.ReferralEmail).HasMaxLength(Service.EmailMaxLength);
        service.Property(s => s.ReferralPhone).HasMaxLength(Service.PhoneMaxLength);
        service.Property(s => s.ServiceArea).HasConversion((ValueConverter)new GeometryWkbConverter(), new GeometryComparer());
        service.OwnsOne(s => s.Capacity, capacity =>
        {
            capacity.Property(c => c.Available).HasColumnName("CapacityAvailable");
            capacity.Property(c => c.Maximum).HasColumnName("CapacityMaximum");
            capacity.Property(c => c.Unit).HasColumnName("CapacityUnit").HasMaxLength(ServiceCapacity.UnitMaxLength);
            capacity.Property(c => c.Updated).HasColumnName("CapacityUpdated");
        });
        service.Navigation(s => s.Capacity).IsRequired();
        service.HasIndex(s => s.OrganizationId);
        // The freshness page and the verification job look for services by how long ago they were confirmed.
        service.HasIndex(s => s.AssuredDate);
        service.Property(s => s.Version).IsConcurrencyToken();
        service.Ignore(s => s.IsActive);
        service.Ignore(s => s.CapacityState);
    }
}

public class ServiceCategoryConfiguration : IEntityTypeConfiguration<ServiceCategory>
{
    public void Configure(EntityTypeBuilder<ServiceCategory> link)
    {
        link.HasKey(l => new { l.ServiceId, l.NeedCategoryId });
        link.HasOne<Service>().WithMany(s => s.Categories).HasForeignKey(l => l.ServiceId);
        link.HasOne(l => l.NeedCategory).WithMany().HasForeignKey(l => l.NeedCategoryId);
        link.HasIndex(l => l.NeedCategoryId);
    }
}

public class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> location)
    {
        location.Property(l => l.Id).ValueGeneratedNever();
        location.HasOne(l => l.Organization).WithMany(o => o.Locations).HasForeignKey(l => l.OrganizationId);
        location.Property(l => l.Name).HasMaxLength(Location.NameMaxLength);
        location.Property(l => l.Address1).HasMaxLength(Location.AddressMaxLength);
        location.Property(l => l.City).HasMaxLength(Location.CityMaxLength);
        location.Property(l => l.StateProvince).HasMaxLength(Location.StateProvinceMaxLength);
        location.Property(l => l.PostalCode).HasMaxLength(Location.PostalCodeMaxLength);
        location.Property(l => l.Accessibility).HasMaxLength(Location.AccessibilityMaxLength);
        location.HasIndex(l => new { l.Latitude, l.Longitude });
        location.Property(l => l.Version).IsConcurrencyToken();
    }
}

public class ServiceAtLocationConfiguration : IEntityTypeConfiguration<ServiceAtLocation>
{
    public void Configure(EntityTypeBuilder<ServiceAtLocation> link)
    {
        link.Property(l => l.Id).ValueGeneratedNever();
        link.HasOne(l => l.Service).WithMany(s => s.ServiceAtLocations).HasForeignKey(l => l.ServiceId);
        // No cascade from both sides: SQL Server refuses multiple cascade paths from Organization.
        link.HasOne(l => l.Location).WithMany(l => l.ServiceAtLocations).HasForeignKey(l => l.LocationId)
            .OnDelete(DeleteBehavior.Restrict);
        link.HasIndex(l => new { l.ServiceId, l.LocationId }).IsUnique();
    }
}

public class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> schedule)
    {
        schedule.Property(s => s.Id).ValueGeneratedNever();
        schedule.HasOne<Service>().WithMany(s => s.Schedules).HasForeignKey(s => s.ServiceId);
        schedule.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ListingVerificationConfiguration : IEntityTypeConfiguration<ListingVerification>
{
    const int EnumMaxLength = 20;

    public void Configure(EntityTypeBuilder<ListingVerification> verification)
    {
        verification.HasKey(v => v.ServiceId);
        verification.HasOne<Service>().WithOne().HasForeignKey<ListingVerification>(v => v.ServiceId).OnDelete(DeleteBehavior.Cascade);
        // No cascade from the organisation too: SQL Server refuses two cascade paths.
        verification.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        verification.HasIndex(v => v.OrganizationId);
        verification.Property(v => v.LastAnswer).HasConversion<string>().HasMaxLength(EnumMaxLength);
    }
}

public class ListingChangeConfiguration : IEntityTypeConfiguration<ListingChange>
{
    const int EnumMaxLength = 20;

    public void Configure(EntityTypeBuilder<ListingChange> change)
    {
        change.HasKey(c => c.Id);
        change.Property(c => c.Email).HasMaxLength(PartnerNetwork.Core.Access.EmailLink.EmailMaxLength);
        change.Property(c => c.Details).HasMaxLength(ListingChange.DetailsMaxLength);
        change.Property(c => c.Answer).HasConversion<string>().HasMaxLength(EnumMaxLength);
        change.HasIndex(c => new { c.OrganizationId, c.At });
    }
}

public class CatalogueVersionConfiguration : IEntityTypeConfiguration<CatalogueVersion>
{
    public void Configure(EntityTypeBuilder<CatalogueVersion> version) => version.Property(v => v.Id).ValueGeneratedNever();
}

static class ListingTexts
{
    public static void Configure<TOwner, TText>(OwnedNavigationBuilder<TOwner, TText> text) where TOwner : class where TText : ListingText
    {
        text.Property(t => t.Language).HasMaxLength(Languages.CodeMaxLength);
        text.Property(t => t.Name).HasMaxLength(ListingText.NameMaxLength);
        text.Property(t => t.Description).HasMaxLength(ListingText.DescriptionMaxLength);
    }
}
