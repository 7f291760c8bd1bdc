namespace OrleansKube.Manifests.Printing;

/// <summary>A Table row: one cell per column, already rendered (ints as longs, booleans as bools, the rest strings), and its object.</summary>
public sealed record TableRow(object?[] Cells, KubeObject Object);
