global using OrleansKube.Control.Store;
global using OrleansKube.Grains.Abstractions;
global using OrleansKube.Model.Meta;
