/// PyTorch definitions with the reference's module structure and names (docs/method.md §3 and
/// Tests/Fixtures/reference_state_dict_names.json): ResNetSimCLR's narrow xresnet1d50 (`features.*`,
/// `convs` listed again as `convpath.0`, `l1`/`l2`; stage width `w`, 64 by default) and the
/// FC-encoder CPC model (width `h`, 512 by default). Test scripts
/// prepend this and get `XResNet1d50`, `CPCModel` and `randomize(model)`.
let referenceTorchModels = """
import torch, torch.nn as nn

def conv_layer(ni, nf, ks, stride=1, act=True):
    layers = [nn.Conv1d(ni, nf, ks, stride=stride, padding=(ks - 1) // 2, bias=False), nn.BatchNorm1d(nf)]
    if act: layers.append(nn.ReLU())
    return nn.Sequential(*layers)

class ResBlock(nn.Module):
    def __init__(self, ni, nh, nf, stride, ks=5):
        super().__init__()
        self.convs = nn.Sequential(conv_layer(ni, nh, 1), conv_layer(nh, nh, ks, stride=stride), conv_layer(nh, nf, 1, act=False))
        self.convpath = nn.Sequential(self.convs)  # the same modules under a second name
        idpath = []
        if stride != 1: idpath.append(nn.AvgPool1d(2, ceil_mode=True))
        if ni != nf: idpath.append(conv_layer(ni, nf, 1, act=False))
        self.idpath = nn.Sequential(*idpath)
    def forward(self, x):
        return torch.relu(self.convpath(x) + self.idpath(x))

class XResNet1d50(nn.Module):
    def __init__(self, w=64):
        super().__init__()
        stem = [nn.Sequential(nn.Conv1d(12, 32, 5, stride=2, padding=2, bias=True), nn.BatchNorm1d(32), nn.ReLU()),
                conv_layer(32, 32, 5), conv_layer(32, 64, 5), nn.MaxPool1d(3, 2, 1)]
        stages, ni = [], 64
        for n, stride in zip([3, 4, 6, 3], [1, 2, 2, 2]):
            stages.append(nn.Sequential(*[ResBlock(ni if b == 0 else 4 * w, w, 4 * w, stride if b == 0 else 1) for b in range(n)]))
            ni = 4 * w
        self.features = nn.Sequential(*stem, *stages)
        self.l1 = nn.Linear(8 * w, 8 * w)
        self.l2 = nn.Linear(8 * w, 16)
    def forward(self, x):
        h = self.features(x)
        return torch.cat([h.max(dim=2)[0], h.mean(dim=2)], 1)

class CPCModel(nn.Module):
    def __init__(self, h=512):
        super().__init__()
        self.encoder = nn.Sequential(*[nn.Sequential(nn.Conv1d(12 if i == 0 else h, h, 1, bias=False), nn.BatchNorm1d(h), nn.ReLU()) for i in range(4)])
        self.rnn = nn.LSTM(h, h, num_layers=2, batch_first=True)
        self.proj = nn.Linear(h, h, bias=False)
    def forward(self, x):
        z = self.encoder(x).transpose(1, 2)
        return self.rnn(z)[0]

def randomize(model):
    torch.manual_seed(0)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.weight.uniform_(0.5, 1.5); m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1); m.running_var.uniform_(0.5, 2.0); m.num_batches_tracked += 11
    return model.eval()

"""
