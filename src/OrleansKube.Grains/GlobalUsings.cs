global using Orleans.Concurrency;
global using OrleansKube.Control.Store;
global using OrleansKube.Grains.Abstractions;
global using OrleansKube.Model.Core;
global using OrleansKube.Model.Meta;
