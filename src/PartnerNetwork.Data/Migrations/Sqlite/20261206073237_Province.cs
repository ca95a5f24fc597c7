using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Province : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite cannot make Latitude and Longitude nullable in place, so EF rebuilds "Schools" at the end of this
            // migration, after the two UPDATEs below: hence its warning 30200 ("rebuild of table 'Schools' pending").
            // Harmless here: the first UPDATE writes the renamed column in place and the rebuild copies it, the second
            // is on ServiceCentres, which is not rebuilt. The rebuild's PRAGMA foreign_keys runs outside the transaction
            // (warning 20410): a process killed at that moment leaves this migration half applied (delete a new database
            // file; restore an upgraded one). Only applying this migration warns, so no later migration can remove it;
            // moving the rebuild out would mean editing this released migration and its target model for three providers.
            migrationBuilder.RenameColumn(
                name: "Level",
                table: "Schools",
                newName: "Levels");

            migrationBuilder.AddColumn<DateTime>(
                name: "EnabledAt",
                table: "ServiceCentres",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ServiceCentres",
                type: "TEXT",
                maxLength: 15,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<double>(
                name: "Longitude",
                table: "Schools",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.AlterColumn<double>(
                name: "Latitude",
                table: "Schools",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Schools",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProfileOverride",
                table: "Schools",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredLanguage",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SchoolSites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BuildingCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    City = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PostalCode = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    Levels = table.Column<int>(type: "INTEGER", nullable: false),
                    IsMain = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolSites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolSites_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSites_SchoolId_BuildingCode",
                table: "SchoolSites",
                columns: new[] { "SchoolId", "BuildingCode" },
                unique: true);

            // One level became flags of what a school teaches: Primary (0) → 2, Secondary (1) → 4; CSS made before kinds were French.
            migrationBuilder.Sql("UPDATE \"Schools\" SET \"Levels\" = CASE \"Levels\" WHEN 1 THEN 4 ELSE 2 END");
            migrationBuilder.Sql("UPDATE \"ServiceCentres\" SET \"Kind\" = 'French' WHERE \"Kind\" = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE \"Schools\" SET \"Levels\" = CASE WHEN (\"Levels\" & 2) <> 0 THEN 0 ELSE 1 END");

            migrationBuilder.DropTable(
                name: "SchoolSites");

            migrationBuilder.DropColumn(
                name: "EnabledAt",
                table: "ServiceCentres");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ServiceCentres");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "ProfileOverride",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "PreferredLanguage",
                table: "AspNetUsers");

            migrationBuilder.RenameColumn(
                name: "Levels",
                table: "Schools",
                newName: "Level");

            migrationBuilder.AlterColumn<double>(
                name: "Longitude",
                table: "Schools",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "Latitude",
                table: "Schools",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);
        }
    }
}
