/** One of a topic's keywords (its own file: topic and theme models both name it). */
export interface TopicKeyword {
  /** Stemmed n-gram, the model's own key ("card arriv"). */
  term: string;
  /** The words customers wrote ("card arrived"). */
  text: string;
  /** c-TF-IDF weight within the topic. */
  weight: number;
}
