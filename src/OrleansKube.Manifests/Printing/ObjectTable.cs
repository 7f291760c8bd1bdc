namespace OrleansKube.Manifests.Printing;

/// <summary>Objects of one kind as a server-side Table: upstream's columns and a row per object, in the objects' order.</summary>
public sealed record ObjectTable(IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows);
