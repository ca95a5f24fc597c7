using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AcknowledgementDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AcknowledgedInBusinessDays",
                table: "Referrals",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_SchoolId_CreatedAt",
                table: "Referrals",
                columns: new[] { "SchoolId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_SchoolId_CreatedAt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "AcknowledgedInBusinessDays",
                table: "Referrals");
        }
    }
}
