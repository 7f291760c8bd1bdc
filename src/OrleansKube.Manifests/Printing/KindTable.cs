namespace OrleansKube.Manifests.Printing;

/// <summary>How one kind is printed: its columns and the cells of one object (every column's, wide ones included, as the server sends them).</summary>
public sealed record KindTable(IReadOnlyList<TableColumn> Columns, Func<KubeObject, DateTimeOffset, object?[]> Cells);
