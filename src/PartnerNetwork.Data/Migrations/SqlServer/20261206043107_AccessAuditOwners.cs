using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerNetwork.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AccessAuditOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Details",
                table: "Audit",
                newName: "Before");

            migrationBuilder.AddColumn<DateTime>(
                name: "AcknowledgedAt",
                table: "Audit",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AcknowledgedById",
                table: "Audit",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "After",
                table: "Audit",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "AwaitsAcknowledgement",
                table: "Audit",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "OrganizationId",
                table: "Audit",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Audit_OrganizationId_At",
                table: "Audit",
                columns: new[] { "OrganizationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Audit_SubjectUserId_Change",
                table: "Audit",
                columns: new[] { "SubjectUserId", "Change" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Audit_OrganizationId_At",
                table: "Audit");

            migrationBuilder.DropIndex(
                name: "IX_Audit_SubjectUserId_Change",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "AcknowledgedAt",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "AcknowledgedById",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "After",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "AwaitsAcknowledgement",
                table: "Audit");

            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "Audit");

            migrationBuilder.RenameColumn(
                name: "Before",
                table: "Audit",
                newName: "Details");
        }
    }
}
