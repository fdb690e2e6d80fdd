// quake's element-wise activations: sigmoid, tanh, gelu, gelu_sigmoid, silu.
#pragma once

#include <quake/gelu.hpp>
#include <quake/sigmoid.hpp>
#include <quake/silu.hpp>
#include <quake/tanh.hpp>
