using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FamilyContactMatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailMatch",
                table: "Families",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneMatch",
                table: "Families",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Families_EmailMatch",
                table: "Families",
                column: "EmailMatch");

            migrationBuilder.CreateIndex(
                name: "IX_Families_PhoneMatch",
                table: "Families",
                column: "PhoneMatch");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Families_EmailMatch",
                table: "Families");

            migrationBuilder.DropIndex(
                name: "IX_Families_PhoneMatch",
                table: "Families");

            migrationBuilder.DropColumn(
                name: "EmailMatch",
                table: "Families");

            migrationBuilder.DropColumn(
                name: "PhoneMatch",
                table: "Families");
        }
    }
}
