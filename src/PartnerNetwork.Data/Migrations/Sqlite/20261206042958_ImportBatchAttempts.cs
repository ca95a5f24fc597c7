using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Sqlite
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
                type: "INTEGER",
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
