// The two transformer families of the model runner, on OpenBLAS's sgemm and one Nonlinear.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nonlinear.hpp"

namespace quake_models {

class Model {
 public:
  virtual ~Model() = default;
  virtual bool is_encoder() const = 0;
  /// What was loaded, for reports: "bert 6x384 (all-MiniLM-L6-v2)", ...
  virtual std::string describe() const = 0;
  /// Token ids of a text. Encoder: [CLS] ... [SEP], at most max_tokens in all (and at most the
  /// model's positions). Decoder: the text's ids, no BOS.
  virtual std::vector<std::int32_t> tokenize(const std::string& text,
                                             std::size_t max_tokens) const = 0;
  /// Encoder: the sentence embedding (mean of the last layer over the tokens, L2-normalised).
  virtual std::vector<float> embed(const std::vector<std::int32_t>& ids, Nonlinear& nl) const;
  /// Decoder: log-probabilities of the next token at every position, ids.size() x vocab().
  virtual std::vector<float> log_probs(const std::vector<std::int32_t>& ids, Nonlinear& nl) const;
  virtual std::string detokenize(const std::vector<std::int32_t>& ids) const;
  virtual std::size_t vocab() const = 0;
  virtual std::size_t max_positions() const = 0;
};

/// A model directory in Hugging Face layout (config.json, *.safetensors, vocab.txt or
/// tokenizer.json; model_type bert or llama) or a GGUF file of the llama architecture.
/// Errors (one line): missing files, unknown architecture, corrupt or truncated weights.
std::unique_ptr<Model> load_model(const std::string& path);

/// OpenBLAS's thread count (1 for measurement).
void set_blas_threads(int n);

}  // namespace quake_models
