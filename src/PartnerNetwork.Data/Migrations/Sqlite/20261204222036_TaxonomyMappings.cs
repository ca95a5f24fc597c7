using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaxonomyMappings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TaxonomyMappings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExternalTerm = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FoldedTerm = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NeedCategoryId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxonomyMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaxonomyMappings_NeedCategories_NeedCategoryId",
                        column: x => x.NeedCategoryId,
                        principalTable: "NeedCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TaxonomyMappings_FoldedTerm",
                table: "TaxonomyMappings",
                column: "FoldedTerm",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxonomyMappings_NeedCategoryId",
                table: "TaxonomyMappings",
                column: "NeedCategoryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TaxonomyMappings");
        }
    }
}
