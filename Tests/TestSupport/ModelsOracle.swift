import Foundation

/// Helpers for the Models tests' PyTorch oracles.
public enum ModelsOracle {
    /// Whether the oracle interpreter can import torch (the CPU wheel is optional on a fresh machine).
    public static let torchAvailable: Bool = (try? PythonOracle.run("import torch")) != nil

    /// Python source of the reference's narrow xresnet1d (docs/method.md §3.1) with the reference's
    /// module names, built from scratch for the oracle (`XResNet1d(depth, leads, widen=1.0)`; `widen`
    /// scales the four stage widths to int(64 · widen) as the reference's `block_szs`).
    public static let xresnetSource = """
    import torch, torch.nn as nn
    def conv_layer(ni, nf, ks, stride=1, act=True, bias=False):
        layers = [nn.Conv1d(ni, nf, ks, stride=stride, padding=(ks - 1) // 2, bias=bias), nn.BatchNorm1d(nf)]
        if act: layers.append(nn.ReLU())
        return nn.Sequential(*layers)
    class ResBlock(nn.Module):
        def __init__(self, expansion, ni, nh, stride, ks):
            super().__init__()
            nf = nh * expansion
            if expansion == 1:
                self.convs = nn.Sequential(conv_layer(ni, nh, ks, stride), conv_layer(nh, nf, ks, act=False))
            else:
                self.convs = nn.Sequential(conv_layer(ni, nh, 1), conv_layer(nh, nh, ks, stride), conv_layer(nh, nf, 1, act=False))
            idpath = []
            if stride != 1: idpath.append(nn.AvgPool1d(2, ceil_mode=True))
            if ni != nf: idpath.append(conv_layer(ni, nf, 1, act=False))
            self.idpath = nn.Sequential(*idpath)
        def forward(self, x):
            return torch.relu(self.convs(x) + self.idpath(x))
    class ConcatPool(nn.Module):
        def forward(self, x):
            return torch.cat([x.max(dim=2).values, x.mean(dim=2)], dim=1)
    class XResNet1d(nn.Module):
        def __init__(self, depth, leads, ks=5, widen=1.0):
            super().__init__()
            blocks = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3]}[depth]
            e = 1 if depth in (18, 34) else 4
            widths = [64 // e] + [int(64 * widen)] * 4
            layers = [conv_layer(leads, 32, ks, 2, bias=True), conv_layer(32, 32, ks), conv_layer(32, 64, ks),
                      nn.MaxPool1d(3, 2, 1)]
            for i, n in enumerate(blocks):
                layers.append(nn.Sequential(*[ResBlock(e, (widths[i] if b == 0 else widths[i + 1]) * e, widths[i + 1],
                                                       2 if b == 0 and i > 0 else 1, ks) for b in range(n)]))
            layers.append(ConcatPool())
            self.features = nn.Sequential(*layers)
        def forward(self, x):
            return self.features(x)
    """
}
