using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Province : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Level",
                table: "Schools",
                newName: "Levels");

            migrationBuilder.AddColumn<DateTime>(
                name: "EnabledAt",
                table: "ServiceCentres",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ServiceCentres",
                type: "character varying(15)",
                maxLength: 15,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<double>(
                name: "Longitude",
                table: "Schools",
                type: "double precision",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "double precision");

            migrationBuilder.AlterColumn<double>(
                name: "Latitude",
                table: "Schools",
                type: "double precision",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "double precision");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Schools",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProfileOverride",
                table: "Schools",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredLanguage",
                table: "AspNetUsers",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SchoolSites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    BuildingCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    City = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PostalCode = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Levels = table.Column<int>(type: "integer", nullable: false),
                    IsMain = table.Column<bool>(type: "boolean", nullable: false)
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
                type: "double precision",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "double precision",
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "Latitude",
                table: "Schools",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "double precision",
                oldNullable: true);
        }
    }
}
