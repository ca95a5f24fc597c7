using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportBatchAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "ImportBatches",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ImportBatches");
        }
    }
}
