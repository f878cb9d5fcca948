/**
 * Name parts for invented customers and organizations. Combinations are drawn at random, so
 * any resemblance to a real person or company is a coincidence of common words; all email
 * domains end in `.example` (reserved by RFC 2606, never routable).
 */

export const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adaeze', 'Aditi', 'Ahmed', 'Aiko', 'Alejandro', 'Alice', 'Amara', 'Ana',
  'Andrei', 'Anika', 'Arjun', 'Astrid', 'Ben', 'Bianca', 'Bram', 'Camila', 'Carlos', 'Chen',
  'Chloe', 'Claire', 'Dana', 'Daniela', 'David', 'Deepa', 'Diego', 'Elif', 'Emeka', 'Emma',
  'Erik', 'Fatima', 'Felix', 'Fiona', 'Gabriel', 'Grace', 'Hana', 'Hassan', 'Ines', 'Isaac',
  'Ivana', 'Jack', 'Jana', 'Javier', 'Jin', 'Joanna', 'Jonas', 'Julia', 'Kai', 'Karin',
  'Kenji', 'Laila', 'Lars', 'Laura', 'Leon', 'Lina', 'Lucas', 'Maya', 'Marco', 'Maria',
  'Mateo', 'Mia', 'Mohammed', 'Nadia', 'Naomi', 'Nikhil', 'Nora', 'Olga', 'Omar', 'Paula',
  'Pedro', 'Rachel', 'Rafael', 'Rana', 'Rohan', 'Rosa', 'Ruth', 'Sam', 'Sara', 'Sean',
  'Selin', 'Shira', 'Simon', 'Sina', 'Sven', 'Tariq', 'Thomas', 'Tomasz', 'Valentina', 'Victor',
  'Wei', 'Yara', 'Yusuf', 'Zara', 'Zoe', 'Noah', 'Lena', 'Kofi', 'Mei', 'Pablo',
] as const;

export const LAST_NAMES = [
  'Abara', 'Adams', 'Alvarez', 'Andersen', 'Baker', 'Banerjee', 'Bauer', 'Becker', 'Bianchi', 'Brooks',
  'Castillo', 'Chan', 'Costa', 'Dalton', 'Demir', 'Dubois', 'Eriksen', 'Evans', 'Fischer', 'Fontaine',
  'Garcia', 'Gill', 'Greene', 'Haddad', 'Hansen', 'Hartley', 'Hoffmann', 'Ibrahim', 'Ivanova', 'Jansen',
  'Jensen', 'Kaur', 'Keller', 'Kim', 'Kowalski', 'Kruger', 'Lambert', 'Larsen', 'Lee', 'Lindgren',
  'Lopez', 'Mahlangu', 'Marsh', 'Martens', 'Mendes', 'Meyer', 'Moreau', 'Morris', 'Nakamura', 'Nash',
  'Nguyen', 'Novak', 'Nwosu', 'Okoro', 'Olsen', 'Ortiz', 'Park', 'Patel', 'Pereira', 'Petrov',
  'Quinn', 'Ramos', 'Reid', 'Richter', 'Rossi', 'Saito', 'Santos', 'Schmidt', 'Shah', 'Silva',
  'Singh', 'Sorensen', 'Stone', 'Suzuki', 'Svensson', 'Tan', 'Torres', 'Turner', 'Vargas', 'Visser',
  'Vogel', 'Walsh', 'Wang', 'Weber', 'Wilson', 'Wolf', 'Yilmaz', 'Young', 'Zhang', 'Zimmermann',
] as const;

export const ORG_PREFIXES = [
  'North', 'Blue', 'Silver', 'Copper', 'Bright', 'Red', 'Oak', 'Pine', 'Harbor', 'Summit',
  'River', 'Stone', 'Iron', 'Cedar', 'Maple', 'Granite', 'Falcon', 'Lumen', 'Nova', 'Vertex',
  'Amber', 'Birch', 'Coral', 'Delta', 'Echo', 'Fern', 'Golden', 'Hollow', 'Indigo', 'Juniper',
] as const;

export const ORG_SUFFIXES = [
  'wind', 'field', 'gate', 'brook', 'ridge', 'line', 'point', 'path', 'works', 'leaf',
  'stack', 'bridge', 'crest', 'haven', 'mark', 'shore', 'vale', 'wave', 'forge', 'light',
] as const;

export const ORG_INDUSTRIES = [
  'Logistics', 'Health', 'Analytics', 'Foods', 'Labs', 'Legal', 'Energy', 'Retail', 'Consulting', 'Media',
  'Capital', 'Robotics', 'Travel', 'Education', 'Design', 'Construction', 'Insurance', 'Software', 'Studios', 'Group',
] as const;
