using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ImportProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Background",
                table: "ImportBatches",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Processed",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Total",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);
            // Batches uploaded before statuses existed: checked, or applied when they were.
            migrationBuilder.Sql("UPDATE ImportBatches SET Status = CASE WHEN AppliedAt IS NULL THEN 2 ELSE 5 END");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Background",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "Processed",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "Total",
                table: "ImportBatches");
        }
    }
}
