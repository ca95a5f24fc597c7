using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerNetwork.Data.Configurations;

public class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(User.DisplayNameMaxLength);
        user.Property(u => u.PreferredLanguage).HasMaxLength(User.PreferredLanguageMaxLength);
        user.HasOne(u => u.ServiceCentre).WithMany().HasForeignKey(u => u.ServiceCentreId).OnDelete(DeleteBehavior.Restrict);
        user.HasOne(u => u.Organization).WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class UserSchoolConfiguration : IEntityTypeConfiguration<UserSchool>
{
    public void Configure(EntityTypeBuilder<UserSchool> link)
    {
        link.HasKey(l => new { l.UserId, l.SchoolId });
        link.HasOne<User>().WithMany(u => u.Schools).HasForeignKey(l => l.UserId);
        link.HasOne(l => l.School).WithMany().HasForeignKey(l => l.SchoolId);
    }
}
