using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReferralNeedFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_SchoolId_CreatedAt",
                table: "Referrals");

            migrationBuilder.AddColumn<long>(
                name: "NeedFlags",
                table: "Referrals",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "Flag",
                table: "NeedCategories",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Existing terms get their bits in display order; referrals get their flags at start-up (IndicatorQueries.FillNeedFlagsAsync).
            migrationBuilder.Sql("""
                UPDATE c SET [Flag] = POWER(CAST(2 AS bigint), p.[Position])
                FROM [NeedCategories] AS c
                JOIN (SELECT [Id], ROW_NUMBER() OVER (ORDER BY [SortOrder], [Code]) - 1 AS [Position] FROM [NeedCategories]) AS p ON p.[Id] = c.[Id];
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Indicators",
                table: "Referrals",
                columns: new[] { "SchoolId", "CreatedAt", "Kind", "State", "Reason", "AcknowledgedInBusinessDays", "NeedFlags" });

            migrationBuilder.CreateIndex(
                name: "IX_NeedCategories_Flag",
                table: "NeedCategories",
                column: "Flag",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_Indicators",
                table: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_NeedCategories_Flag",
                table: "NeedCategories");

            migrationBuilder.DropColumn(
                name: "NeedFlags",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Flag",
                table: "NeedCategories");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_SchoolId_CreatedAt",
                table: "Referrals",
                columns: new[] { "SchoolId", "CreatedAt" });
        }
    }
}
