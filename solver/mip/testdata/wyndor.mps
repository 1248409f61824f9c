* Wyndor_Glass: 3 columns (1 integer), 4 rows, 7 non-zeros
* The problem maximises: costs and offset are negated here, so this file is a
* minimisation whose optimum is minus the problem's.
* The objective's constant is the cost of column OBJ_CONST, fixed at 1.
NAME Wyndor_Glass FREE
ROWS
 N OBJ
 L plant_1
 L plant_2
 L plant_3
 G mix
COLUMNS
 doors OBJ -3
 doors plant_1 1
 doors plant_3 3
 doors mix 1
 windows OBJ -5
 windows plant_2 2
 windows plant_3 2
 windows mix -1
 MARKER 'MARKER' 'INTORG'
 crates OBJ -0.5
 crates mix 1
 MARKER 'MARKER' 'INTEND'
 OBJ_CONST OBJ -1
RHS
 RHS plant_1 4
 RHS plant_2 12
 RHS plant_3 18
 RHS mix -2
RANGES
 RNG mix 4
BOUNDS
 LO BND crates 0
 UP BND crates 10
 FX BND OBJ_CONST 1
ENDATA
